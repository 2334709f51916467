import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import {
  fallbackFunction,
  type HttpFunctionName,
  type HttpRoute as HttpRouteDefinition,
  httpFunctions,
  httpRoutes,
  routes,
} from '../functions/routes'
import { BuurtbeursFunction, type TableAccess } from './constructs/buurtbeurs-function'
import type { WorkerQueues } from './constructs/worker-queues'

/** Stage throttling for the whole API (requests per second, and the burst above it). */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 } as const

/**
 * Stricter throttling for the sign-in routes that send a code or check one, on top of the
 * stage's. It caps what all callers together can do (mail and SMS cost, code guessing); the
 * handlers also limit each address and each client with counters in the table.
 */
export const signInThrottle = { rateLimit: 5, burstLimit: 10 } as const

/** The routes throttled with {@link signInThrottle}. */
export const signInThrottledRoutes: readonly HttpRouteDefinition[] = [
  routes.requestCode,
  routes.register,
  routes.verifyCode,
]

/** API Gateway's key for a route, e.g. `POST /api/auth/code`. */
export const routeKeyOf = (route: HttpRouteDefinition): string => `${route.method} ${route.path}`

/** Properties of the {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  /** The table from the data stack. */
  readonly table: ITable
  /** The key material secret from the data stack. */
  readonly keys: ISecret
  /**
   * The worker queues from the data stack: every function may put messages on them (sign-in
   * codes go to the notify worker through the notification queue; no request waits on SES or SNS).
   */
  readonly queues: WorkerQueues
}

/**
 * Table access a function needs: read-only when every route it serves is a GET, read/write
 * otherwise. Being the `$default` fallback does not count: it only answers "no such route".
 */
export const tableAccessFor = (
  name: HttpFunctionName,
  routes: readonly HttpRouteDefinition[] = httpRoutes,
): TableAccess =>
  routes.filter((route) => route.function === name).every((route) => route.method === 'GET') ? 'read' : 'readWrite'

const constructId = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)

/**
 * The API stack: one Lambda function per entry of `httpFunctions`, one HTTP API route per entry
 * of `httpRoutes`, and the `$default` route to `fallbackFunction`, on a throttled `$default`
 * stage with a stricter throttle for sign-in. CloudFront (web stack) serves it under `/api/*` on
 * the site's own origin.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi
  readonly stage: HttpStage
  /** The functions by name, as in `httpFunctions`. */
  readonly functions: Record<HttpFunctionName, BuurtbeursFunction>
  /** Host name of the execute-api endpoint (no scheme, no path), for CloudFront's origin. */
  readonly apiDomainName: string

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)

    const names = Object.keys(httpFunctions) as HttpFunctionName[]
    const functions = {} as Record<HttpFunctionName, BuurtbeursFunction>
    const integrations = {} as Record<HttpFunctionName, HttpLambdaIntegration>
    for (const name of names) {
      const definition = httpFunctions[name]
      const fn = new BuurtbeursFunction(this, `${constructId(name)}Function`, {
        entry: definition.entry,
        description: definition.description,
        table: props.table,
        tableAccess: tableAccessFor(name),
        keys: props.keys,
      })
      props.queues.grantSend(fn)
      functions[name] = fn
      integrations[name] = new HttpLambdaIntegration(`${constructId(name)}Integration`, fn)
    }
    this.functions = functions

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'buurtbeurs',
      description: 'Buurtbeurs HTTP API',
      // The stage is created below, with throttling and access logs.
      createDefaultStage: false,
      // Unknown addresses reach a function too, so they get the app's usual error body.
      defaultIntegration: integrations[fallbackFunction],
    })

    const routeConstructs = new Map<HttpRouteDefinition, HttpRoute>()
    for (const route of httpRoutes) {
      const construct = new HttpRoute(this, `${constructId(route.operationId)}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrations[route.function],
      })
      routeConstructs.set(route, construct)
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No source IP or user agent: they are personal data and not needed to trace a request.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    })

    // HttpStage has no per-route settings; set them on the CloudFormation stage. API Gateway
    // refuses settings for a route that does not exist yet, so the stage waits for those routes.
    const cfnStage = this.stage.node.defaultChild as CfnStage
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {}
    for (const route of signInThrottledRoutes) {
      const construct = routeConstructs.get(route)
      if (!construct) throw new Error(`Throttled route ${routeKeyOf(route)} is not in httpRoutes`)
      cfnStage.node.addDependency(construct)
      routeSettings[routeKeyOf(route)] = {
        ThrottlingRateLimit: signInThrottle.rateLimit,
        ThrottlingBurstLimit: signInThrottle.burstLimit,
      }
    }
    cfnStage.routeSettings = routeSettings

    this.apiDomainName = `${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`

    new CfnOutput(this, 'ApiUrl', {
      value: this.stage.url,
      description: 'The API endpoint (the site reaches it through CloudFront under /api/*)',
    })
  }
}
