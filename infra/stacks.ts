import { type App, type Environment, Tags } from 'aws-cdk-lib'
import { ApiStack } from './api-stack'
import { DataStack } from './data-stack'
import { WebStack } from './web-stack'
import { placeholderMailFrom, WorkersStack } from './workers-stack'

/** Region used unless `BUURTBEURS_REGION` names another: Frankfurt, the EU region nearest the Netherlands. */
export const defaultRegion = 'eu-central-1'

/** Regions in EU member states; members' data must stay in the EU. */
export const euRegions: readonly string[] = [
  'eu-central-1', // Frankfurt
  'eu-west-1', // Ireland
  'eu-west-3', // Paris
  'eu-north-1', // Stockholm
  'eu-south-1', // Milan
  'eu-south-2', // Spain
]

/**
 * The deployment environment. The account comes from the CLI (`CDK_DEFAULT_ACCOUNT`). The region
 * does not follow `CDK_DEFAULT_REGION`: the CLI sets that to us-east-1 when no region is
 * configured, which would quietly put the data outside the EU. It is `BUURTBEURS_REGION`, which
 * must be an EU region, or {@link defaultRegion}.
 */
export const resolveEnvironment = (env: NodeJS.ProcessEnv = process.env): Environment => {
  const region = env.BUURTBEURS_REGION || defaultRegion
  if (!euRegions.includes(region)) {
    throw new Error(`BUURTBEURS_REGION=${region} is not an EU region; use one of ${euRegions.join(', ')}`)
  }
  return { account: env.CDK_DEFAULT_ACCOUNT, region }
}

/** Options for {@link buildStacks}. */
export interface BuildStacksOptions {
  /** Defaults to {@link resolveEnvironment}. */
  readonly env?: Environment
  /** The built front end; defaults to `web/dist`. */
  readonly webDist?: string
  /**
   * The From of e-mail, an identity verified in SES; defaults to `BUURTBEURS_MAIL_FROM` (without
   * it the notify worker cannot send e-mail, and synthesis warns).
   */
  readonly mailFrom?: string
  /** The site's origin for links in messages; defaults to `BUURTBEURS_SITE_URL`, else the CloudFront address. */
  readonly siteUrl?: string
}

/** The Buurtbeurs stacks, as created by {@link buildStacks}. */
export interface BuurtbeursStacks {
  readonly data: DataStack
  readonly api: ApiStack
  readonly workers: WorkersStack
  readonly web: WebStack
}

/** Adds the Buurtbeurs stacks (data, API, workers, web) to an app. */
export const buildStacks = (app: App, options: BuildStacksOptions = {}): BuurtbeursStacks => {
  const env = options.env ?? resolveEnvironment()
  const data = new DataStack(app, 'Buurtbeurs-Data', {
    env,
    description: 'Buurtbeurs: DynamoDB table and key material secret',
  })
  const api = new ApiStack(app, 'Buurtbeurs-Api', {
    env,
    description: 'Buurtbeurs: HTTP API and Lambda functions',
    table: data.table,
    keys: data.keysSecret,
    queues: data.queues,
  })
  const web = new WebStack(app, 'Buurtbeurs-Web', {
    env,
    description: 'Buurtbeurs: web app and CloudFront distribution',
    apiDomainName: api.apiDomainName,
    webDist: options.webDist,
  })
  // The notify worker links to the site: the workers stack depends on the web stack (never the reverse).
  const workers = new WorkersStack(app, 'Buurtbeurs-Workers', {
    env,
    description: 'Buurtbeurs: event workers and their triggers',
    table: data.table,
    keys: data.keysSecret,
    queues: data.queues,
    mailFrom: options.mailFrom ?? (process.env.BUURTBEURS_MAIL_FROM || placeholderMailFrom),
    siteUrl:
      options.siteUrl ?? (process.env.BUURTBEURS_SITE_URL || `https://${web.distribution.distributionDomainName}`),
  })
  for (const stack of [data, api, workers, web]) Tags.of(stack).add('project', 'buurtbeurs')
  return { data, api, workers, web }
}
