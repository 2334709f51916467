import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runInNewContext } from 'node:vm'
import { App, type CfnElement, Duration, type Environment, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { Schedule } from 'aws-cdk-lib/aws-events'
import type { DynamoDBRecord } from 'aws-lambda'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { fallbackFunction, type HttpFunctionName, httpFunctions, httpRoutes } from '../../functions/routes'
import { type EventWorker, eventWorkers } from '../../functions/workers'
import { routeKeyOf, signInThrottle, signInThrottledRoutes, tableAccessFor } from '../../infra/api-stack'
import type { BuurtbeursFunction } from '../../infra/constructs/buurtbeurs-function'
import { queueUrlVariable } from '../../infra/constructs/worker-queues'
import { DataStack } from '../../infra/data-stack'
import { repoRoot } from '../../infra/paths'
import { buildStacks, defaultRegion, resolveEnvironment } from '../../infra/stacks'
import { contentSecurityPolicy, spaRewriteCode } from '../../infra/web-stack'
import { WorkersStack } from '../../infra/workers-stack'
import { matchesEntities } from '../../scripts/lib/local-stream'
import { tableDefinition } from '../../shared/db/table'

const env: Environment = { account: '123456789012', region: 'eu-central-1' }
// The feature flags of cdk.json, so the tests see the templates `cdk synth` writes.
const { context } = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>
}
const functionNames = Object.keys(httpFunctions) as HttpFunctionName[]
const workerNames = Object.keys(eventWorkers)
const scheduleWorkerNames = workerNames.filter(
  (name) => eventWorkers[name as keyof typeof eventWorkers].trigger.kind === 'schedule',
)
const queueWorkerNames = workerNames.filter(
  (name) => eventWorkers[name as keyof typeof eventWorkers].trigger.kind === 'queue',
)
const mailFrom = 'Buurtbeurs Lindeveen <noreply@buurtbeurs.nl>'

/** Logical id of a construct's CloudFormation resource, as the template names it. */
const logicalIdOf = (construct: IConstruct | undefined): string =>
  construct ? Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement) : ''

/** Synthesizes the stacks without bundling (about 0.3 s instead of seconds per function). */
const synthFast = () => {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } })
  const stacks = buildStacks(app, { env, webDist: path.join(tmpdir(), 'buurtbeurs-no-web-build'), mailFrom })
  return {
    stacks,
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    workers: Template.fromStack(stacks.workers),
    web: Template.fromStack(stacks.web),
  }
}

const { stacks, data, api, workers, web } = synthFast()

/** Logical id of the table in the data stack, as it appears in cross-stack imports. */
const tableLogicalId = logicalIdOf(stacks.data.table)
/** Logical id of the key material secret in the data stack. */
const secretLogicalId = logicalIdOf(stacks.data.keysSecret)
const tableImport = { 'Fn::ImportValue': Match.stringLikeRegexp(tableLogicalId) }
const secretImport = { 'Fn::ImportValue': Match.stringLikeRegexp(secretLogicalId) }
/** The notification queue and its dead-letter queue in the data stack. */
const notificationQueue = stacks.data.queues.queues.notifications
const queueLogicalId = logicalIdOf(notificationQueue?.queue)
const deadLetterLogicalId = logicalIdOf(notificationQueue?.deadLetters)
const queueUrlImport = { 'Fn::ImportValue': Match.stringLikeRegexp(`Ref${queueLogicalId}`) }
const queueArnImport = { 'Fn::ImportValue': Match.stringLikeRegexp(`${queueLogicalId}Arn`) }

/** Every function of the app (HTTP and workers), with the template of its stack. */
const allFunctions: { label: string; fn: BuurtbeursFunction; template: Template }[] = [
  ...functionNames.map((name) => ({ label: `http:${name}`, fn: stacks.api.functions[name], template: api })),
  ...workerNames.map((name) => ({ label: `worker:${name}`, fn: stacks.workers.functions[name], template: workers })),
].map(({ label, fn, template }) => {
  if (!fn) throw new Error(`no function for ${label}`)
  return { label, fn, template }
})

/** The policy statements attached to a function's role. */
const statementsOf = (template: Template, fn: BuurtbeursFunction): Record<string, unknown>[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(fn.role) }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)

describe('data stack', () => {
  it('builds the table from tableDefinition: keys, four GSIs, stream, TTL, PITR', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1)
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    })
    expect(tableDefinition.globalSecondaryIndexes).toHaveLength(4)
  })

  it('declares every key attribute as a string', () => {
    const keyNames = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]
    const table = Object.values(data.findResources('AWS::DynamoDB::Table'))[0]
    const definitions = table?.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]
    expect(definitions.map((d) => d.AttributeName).sort()).toEqual([...keyNames].sort())
    expect(definitions.every((d) => d.AttributeType === 'S')).toBe(true)
  })

  it('keeps the table when the stack is deleted or replaced', () => {
    data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })
  })

  it('creates one generated key material secret, kept when the stack is deleted and never rotated', () => {
    data.resourceCountIs('AWS::SecretsManager::Secret', 1)
    data.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      }),
    })
    // Rotating it would sign every member out and orphan every stored address hash.
    data.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0)
    expect(secretLogicalId).not.toBe('')
    // `npm run seed -- --aws` reads it to hash the demo members' addresses.
    data.hasOutput('KeysSecretArn', { Value: { Ref: secretLogicalId } })
  })
})

describe('every function (HTTP and workers)', () => {
  it('gets exactly the table name, source maps, the key material secret ARN and the queue URL, no development identity', () => {
    expect(allFunctions).toHaveLength(functionNames.length + workerNames.length)
    const notifyId = logicalIdOf(stacks.workers.functions.notify)
    for (const template of [api, workers]) {
      for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
        const variables = fn.Properties.Environment.Variables as Record<string, unknown>
        // The notify worker also gets the From address of e-mail and the site's address for links.
        const senders = id === notifyId ? ['BUURTBEURS_MAIL_FROM', 'BUURTBEURS_SITE_URL'] : []
        expect(Object.keys(variables).sort()).toEqual(
          [
            'BUURTBEURS_KEYS_SECRET_ARN',
            'BUURTBEURS_NOTIFICATION_QUEUE_URL',
            'NODE_OPTIONS',
            'TABLE_NAME',
            ...senders,
          ].sort(),
        )
        expect(variables).not.toHaveProperty('BUURTBEURS_DEV_IDENTITY')
      }
    }
    for (const { fn, template } of allFunctions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [logicalIdOf(fn.role), 'Arn'] },
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: tableImport,
            NODE_OPTIONS: '--enable-source-maps',
            BUURTBEURS_KEYS_SECRET_ARN: secretImport,
            BUURTBEURS_NOTIFICATION_QUEUE_URL: queueUrlImport,
          }),
        },
      })
    }
  })

  it('may put messages on the notification queue', () => {
    expect(queueUrlVariable('notifications')).toBe('BUURTBEURS_NOTIFICATION_QUEUE_URL')
    for (const { label, fn, template } of allFunctions) {
      const sends = statementsOf(template, fn).some(
        (statement) =>
          statement.Effect === 'Allow' &&
          ([statement.Action].flat() as string[]).includes('sqs:SendMessage') &&
          JSON.stringify(statement.Resource).includes(`${queueLogicalId}Arn`),
      )
      expect(sends, label).toBe(true)
    }
  })

  it('may read the key material secret', () => {
    for (const { label, fn, template } of allFunctions) {
      const statements = statementsOf(template, fn)
      const readsSecret = statements.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          ([statement.Action].flat() as string[]).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource).includes(secretLogicalId),
      )
      expect(readsSecret, label).toBe(true)
    }
  })

  it('has access to nothing but the table, the secret and the notification queue (stream workers: also the stream and their dead-letter queue; the notify worker: also SES and SNS)', () => {
    const deadLetterQueueIds = Object.values(stacks.workers.deadLetterQueues).map(logicalIdOf)
    const notifyPolicy = logicalIdOf(stacks.workers.functions.notify?.role?.node.tryFindChild('DefaultPolicy'))
    const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']
    const receive = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage']
    for (const template of [api, workers]) {
      for (const [policyId, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
        const isNotify = template === workers && policyId === notifyPolicy
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          const resource = JSON.stringify(statement.Resource)
          // Every function may send to the notification queue; only the notify worker reads it.
          if (resource.includes(`${queueLogicalId}Arn`)) {
            expect(statement.Action).toEqual(isNotify ? [...send, ...receive].sort() : send)
            continue
          }
          // The notify worker sends e-mail and SMS (see the queue workers' tests below).
          if (isNotify && ([statement.Action].flat() as string[]).some((a) => /^(ses|sns):/.test(a))) continue
          // What the stream event source needs: list the streams (ARNs only, no data) …
          if (template === workers && statement.Action === 'dynamodb:ListStreams' && statement.Resource === '*')
            continue
          // … and send the records it gives up on to the worker's own dead-letter queue.
          if (
            template === workers &&
            deadLetterQueueIds.some((id) => resource === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }))
          ) {
            expect(statement.Action).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'])
            continue
          }
          expect(resource.includes(tableLogicalId) !== resource.includes(secretLogicalId), resource).toBe(true)
        }
      }
    }
  })
})

describe('API stack', () => {
  it('creates one Node.js 22 arm64 function per httpFunctions entry', () => {
    api.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 256, Timeout: 10 },
      functionNames.length,
    )
    api.resourceCountIs('AWS::Lambda::Function', functionNames.length)
    for (const name of functionNames) {
      api.hasResourceProperties('AWS::Lambda::Function', {
        Description: httpFunctions[name].description,
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: Match.anyValue() },
      })
    }
  })

  it('gives each function a log group with one month retention', () => {
    api.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, functionNames.length + 1)
  })

  it('creates one route per httpRoutes entry plus $default, with the right route keys', () => {
    const routeKeys = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey as string,
    )
    const expected = [...httpRoutes.map((route) => `${route.method} ${route.path}`), '$default']
    expect(routeKeys.sort()).toEqual(expected.sort())
    expect(routeKeys).toContain('GET /api/communities/{communityId}/posts')
  })

  it('sends each route to its own function and $default to the fallback function', () => {
    const routes = api.findResources('AWS::ApiGatewayV2::Route')
    const integrations = api.findResources('AWS::ApiGatewayV2::Integration')
    const functionIds = new Map(functionNames.map((name) => [logicalIdOf(stacks.api.functions[name]), name]))
    // Route -> Integration -> Lambda function logical id -> httpFunctions name.
    const targetOf = (routeKey: string): HttpFunctionName | undefined => {
      const route = Object.values(routes).find((r) => r.Properties.RouteKey === routeKey)
      const integrationId = (route?.Properties.Target['Fn::Join'][1][1].Ref ?? '') as string
      const uri = integrations[integrationId]?.Properties.IntegrationUri
      return functionIds.get(uri?.['Fn::GetAtt']?.[0])
    }
    for (const route of httpRoutes) expect(targetOf(`${route.method} ${route.path}`)).toBe(route.function)
    expect(targetOf('$default')).toBe(fallbackFunction)
  })

  it('throttles the $default stage and writes access logs without IP addresses', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.not(Match.stringLikeRegexp('sourceIp')) },
    })
  })

  it('throttles requesting a code, registering and verifying a code harder, after those routes exist', () => {
    const signInKeys = ['POST /api/auth/code', 'POST /api/auth/register', 'POST /api/auth/verify']
    expect(signInThrottledRoutes.map(routeKeyOf).sort()).toEqual(signInKeys)
    expect(signInThrottle.rateLimit).toBeLessThan(50)
    const throttle = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 }
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: Object.fromEntries(signInKeys.map((key) => [key, throttle])),
    })
    // API Gateway refuses route settings for a route it does not know yet.
    const routes = api.findResources('AWS::ApiGatewayV2::Route')
    const routeIdOf = (key: string) => Object.keys(routes).find((id) => routes[id]?.Properties.RouteKey === key)
    const stage = Object.values(api.findResources('AWS::ApiGatewayV2::Stage'))[0]
    for (const key of signInKeys) expect(stage?.DependsOn, key).toContain(routeIdOf(key))
  })

  it('grants read-only table access to functions that only serve GET routes, read/write to the rest', () => {
    expect(tableAccessFor('meta')).toBe('read')
    expect(tableAccessFor('communities')).toBe('readWrite')
    expect(tableAccessFor('posts')).toBe('readWrite')
    expect(tableAccessFor('auth')).toBe('readWrite')
    expect(tableAccessFor('members')).toBe('readWrite')
    expect(tableAccessFor('audit')).toBe('read')
    const tableArn = tableImport
    for (const name of functionNames) {
      const actions =
        tableAccessFor(name) === 'read'
          ? Match.not(Match.arrayWith(['dynamodb:PutItem']))
          : Match.arrayWith(['dynamodb:PutItem', 'dynamodb:UpdateItem'])
      api.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalIdOf(stacks.api.functions[name].role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: actions,
              Resource: Match.arrayWith([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]),
            }),
          ]),
        },
      })
    }
  })

  it('outputs the API URL', () => {
    api.hasOutput('ApiUrl', {})
  })
})

describe('web stack', () => {
  it('keeps the bucket private, encrypted and TLS-only', () => {
    web.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    })
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
  })

  it('reads the bucket through an origin access control', () => {
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1)
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([
          Match.objectLike({
            S3OriginConfig: Match.anyValue(),
            OriginAccessControlId: { 'Fn::GetAtt': Match.anyValue() },
          }),
        ]),
      }),
    })
  })

  it('sends /api/* uncached, with all methods, to the HTTP API', () => {
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
          }),
        ]),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
            OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
            ViewerProtocolPolicy: 'https-only',
            ResponseHeadersPolicyId: Match.anyValue(),
          }),
        ],
      }),
    })
    const origin = JSON.stringify(
      Object.values(web.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig.Origins,
    )
    expect(origin).toContain('.execute-api.')
  })

  it('adds the security headers to every behaviour', () => {
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: Match.anyValue(), Override: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: { ContentSecurityPolicy: contentSecurityPolicy, Override: true },
        },
      }),
    })
    const config = Object.values(web.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig
    const policyRef = { Ref: Object.keys(web.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] }
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyRef)
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId).toEqual(policyRef)
    expect(contentSecurityPolicy).toContain("connect-src 'self'")
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'")
  })

  it('serves the app shell for app routes on the default behaviour only, not through error responses', () => {
    const config = Object.values(web.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig
    // Distribution-wide error responses would also rewrite the API's 403/404 answers.
    expect(config.CustomErrorResponses).toBeUndefined()
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ])
    expect(config.CacheBehaviors[0].FunctionAssociations).toBeUndefined()
    web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    })
  })

  it('rewrites app routes, and only app routes, to /index.html', () => {
    const rewrite = (uri: string): string =>
      runInNewContext(`${spaRewriteCode}; handler({ request: { uri: ${JSON.stringify(uri)} } }).uri`)
    expect(rewrite('/')).toBe('/index.html')
    expect(rewrite('/communities/lindeveen/posts/abc')).toBe('/index.html')
    expect(rewrite('/assets/app-3f2a.js')).toBe('/assets/app-3f2a.js')
    expect(rewrite('/favicon.ico')).toBe('/favicon.ico')
  })

  it('deploys the front end (a placeholder when web/dist is missing) and invalidates the cache', () => {
    web.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: Match.anyValue(),
      DistributionId: Match.anyValue(),
      DistributionPaths: ['/*'],
    })
  })
})

describe('environment', () => {
  it('defaults to an EU region and ignores the CLI default region', () => {
    expect(resolveEnvironment({ CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '111122223333' })).toEqual({
      account: '111122223333',
      region: defaultRegion,
    })
    expect(resolveEnvironment({ BUURTBEURS_REGION: 'eu-west-1' }).region).toBe('eu-west-1')
  })

  it('refuses a region outside the EU', () => {
    expect(() => resolveEnvironment({ BUURTBEURS_REGION: 'us-east-1' })).toThrow(/not an EU region/)
    expect(() => resolveEnvironment({ BUURTBEURS_REGION: 'eu-west-2' })).toThrow(/not an EU region/)
  })
})

describe('workers stack', () => {
  it('has the retention worker, run once a day', () => {
    expect(eventWorkers.retention.trigger).toEqual({ kind: 'schedule', everyMinutes: 24 * 60 })
    workers.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stacks.workers.functions.retention), 'Arn'] } })],
    })
  })

  it('creates one Node.js 22 arm64 function per worker, with 512 MB, five minutes and read/write table access', () => {
    workers.resourceCountIs('AWS::Lambda::Function', workerNames.length)
    workers.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, workerNames.length)
    for (const name of workerNames) {
      const worker: EventWorker = eventWorkers[name as keyof typeof eventWorkers]
      const fn = stacks.workers.functions[name]
      workers.hasResourceProperties('AWS::Lambda::Function', {
        Description: worker.description,
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Timeout: 300,
        Role: { 'Fn::GetAtt': [logicalIdOf(fn?.role), 'Arn'] },
      })
      workers.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalIdOf(fn?.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: Match.arrayWith(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
              Resource: Match.arrayWith([tableImport]),
            }),
          ]),
        },
      })
    }
  })

  it('runs each schedule worker at its rate, retrying delivery twice, with permission to invoke it', () => {
    workers.resourceCountIs('AWS::Events::Rule', scheduleWorkerNames.length)
    for (const name of scheduleWorkerNames) {
      const worker: EventWorker = eventWorkers[name as keyof typeof eventWorkers]
      if (worker.trigger.kind !== 'schedule') continue
      const functionId = logicalIdOf(stacks.workers.functions[name])
      const ruleId = logicalIdOf(stacks.workers.rules[name])
      const expectedRate = Schedule.rate(Duration.minutes(worker.trigger.everyMinutes)).expressionString
      workers.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: expectedRate,
        State: 'ENABLED',
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
            Id: Match.anyValue(),
            RetryPolicy: { MaximumRetryAttempts: 2 },
          },
        ],
      })
      workers.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      })
    }
  })

  it('refuses a stream worker without entities and a queue worker without its queue, rather than leaving them out', () => {
    const workersWith = (worker: EventWorker) => {
      const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } })
      const dataStack = new DataStack(app, 'Data', { env })
      return () =>
        new WorkersStack(app, 'Workers', {
          env,
          table: dataStack.table,
          keys: dataStack.keysSecret,
          queues: dataStack.queues,
          mailFrom,
          siteUrl: 'https://buurtbeurs.nl',
          workers: { future: worker },
        })
    }
    // An existing entry: the function is built before its trigger is checked.
    const entry = 'functions/worker-notify/handler.ts'
    expect(workersWith({ entry, description: 'Matcher', trigger: { kind: 'stream', entities: [] } })).toThrow(
      /future: a stream trigger needs at least one entity/,
    )
    const queue = (name: string) => ({ kind: 'queue' as const, queue: name, batchSize: 10, maxReceiveCount: 5 })
    expect(workersWith({ entry, description: 'Other', trigger: queue('elsewhere') })).toThrow(
      /future: no queue elsewhere in the data stack/,
    )
    expect(workersWith({ entry, description: 'Notify', trigger: queue('notifications') })).not.toThrow()
  })
})

describe('stream workers', () => {
  const streamWorkers = Object.entries(eventWorkers as Record<string, EventWorker>).flatMap(([name, worker]) =>
    worker.trigger.kind === 'stream' ? [{ name, entities: worker.trigger.entities }] : [],
  )
  const streamImport = {
    'Fn::ImportValue': Match.stringLikeRegexp(`${tableLogicalId}StreamArn`),
  }

  /** The subset of EventBridge-style patterns the filters use: nested objects ending in a list of allowed values. */
  const patternMatches = (pattern: unknown, value: unknown): boolean =>
    Array.isArray(pattern)
      ? pattern.includes(value)
      : typeof pattern === 'object' && pattern !== null && typeof value === 'object' && value !== null
        ? Object.entries(pattern).every(([key, sub]) => patternMatches(sub, (value as Record<string, unknown>)[key]))
        : false

  it('has the matching worker on the stream', () => {
    expect(streamWorkers.map((worker) => worker.name)).toContain('matching')
    expect(eventWorkers.matching.trigger.entities).toContain('post')
  })

  it('maps the table stream to each stream worker: oldest first, batches of 100, per-record failures, bisect, 3 retries, one day', () => {
    workers.resourceCountIs('AWS::Lambda::EventSourceMapping', streamWorkers.length + queueWorkerNames.length)
    workers.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { EventSourceArn: streamImport },
      streamWorkers.length,
    )
    for (const { name } of streamWorkers) {
      workers.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(stacks.workers.functions[name]) },
        EventSourceArn: streamImport,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 24 * 60 * 60,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stacks.workers.deadLetterQueues[name]), 'Arn'] } },
        },
      })
    }
  })

  it('invokes a worker only for changes of its entities, by the new or the old image, as the local runner does', () => {
    for (const { name, entities } of streamWorkers) {
      const mapping = Object.values(workers.findResources('AWS::Lambda::EventSourceMapping')).find(
        (resource) => resource.Properties.FunctionName.Ref === logicalIdOf(stacks.workers.functions[name]),
      )
      const filters = (mapping?.Properties.FilterCriteria?.Filters ?? []) as { Pattern: string }[]
      const patterns = filters.map((filter) => JSON.parse(filter.Pattern))
      expect(patterns).toEqual([
        { dynamodb: { NewImage: { entity: { S: [...entities] } } } },
        { dynamodb: { OldImage: { entity: { S: [...entities] } } } },
      ])
      // Filters are ORed: a record passes when one of them matches. Check a few against the local runner's filter.
      const entity = entities[0] ?? ''
      const records: DynamoDBRecord[] = [
        { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: entity } } } },
        { eventName: 'MODIFY', dynamodb: { NewImage: { entity: { S: entity } }, OldImage: { entity: { S: entity } } } },
        { eventName: 'REMOVE', dynamodb: { OldImage: { entity: { S: entity } } } },
        { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'not-an-entity' } } } },
        { eventName: 'REMOVE', dynamodb: { OldImage: { entity: { S: 'not-an-entity' } } } },
        { eventName: 'INSERT', dynamodb: { NewImage: { other: { S: entity } } } },
      ]
      const inAws = records.map((record) => patterns.some((pattern) => patternMatches(pattern, record)))
      expect(inAws).toEqual([true, true, true, false, false, false])
      expect(records.map((record) => matchesEntities(record, entities))).toEqual(inAws)
    }
  })

  it('gives each stream worker an encrypted, TLS-only dead-letter queue that keeps messages 14 days', () => {
    workers.resourceCountIs('AWS::SQS::Queue', streamWorkers.length)
    workers.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 60 * 60 },
      streamWorkers.length,
    )
    for (const { name } of streamWorkers) {
      const queueId = logicalIdOf(stacks.workers.deadLetterQueues[name])
      workers.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      })
    }
  })

  it('lets each stream worker read the stream and write the table', () => {
    for (const { name } of streamWorkers) {
      const statements = statementsOf(workers, stacks.workers.functions[name] as BuurtbeursFunction)
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(new RegExp(`${tableLogicalId}StreamArn`)) },
      })
      const writes = statements.find((statement) =>
        ([statement.Action].flat() as string[]).includes('dynamodb:PutItem'),
      )
      expect(JSON.stringify(writes?.Resource)).toContain(tableLogicalId)
    }
  })
})

describe('queue workers', () => {
  const notify = stacks.workers.functions.notify as BuurtbeursFunction
  const notifyTrigger = eventWorkers.notify.trigger

  it('has the notify worker on the notification queue', () => {
    expect(queueWorkerNames).toEqual(['notify'])
    expect(notifyTrigger).toEqual({ kind: 'queue', queue: 'notifications', batchSize: 10, maxReceiveCount: 5 })
  })

  it('keeps the notification queue in the data stack: encrypted, TLS only, redriven to a dead-letter queue', () => {
    data.resourceCountIs('AWS::SQS::Queue', 2)
    data.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 24 * 60 * 60,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterLogicalId, 'Arn'] },
        maxReceiveCount: notifyTrigger.maxReceiveCount,
      },
    })
    data.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    })
    for (const id of [queueLogicalId, deadLetterLogicalId]) {
      data.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      })
    }
  })

  it('hides a received message at least six times as long as the worker may run', () => {
    const queue = data.toJSON().Resources[queueLogicalId]
    const workerTimeout = Object.values(workers.findResources('AWS::Lambda::Function'))[0]?.Properties.Timeout
    expect(workerTimeout).toBe(300)
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * workerTimeout)
  })

  it('hands the notify worker batches of 10 from its queue, with failures reported per message', () => {
    workers.resourcePropertiesCountIs('AWS::Lambda::EventSourceMapping', { EventSourceArn: queueArnImport }, 1)
    workers.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(notify) },
      EventSourceArn: queueArnImport,
      BatchSize: notifyTrigger.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
  })

  it('lets the notify worker send e-mail from the configured address only, and SMS to phone numbers only', () => {
    const statements = statementsOf(workers, notify)
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: `arn:aws:ses:${env.region}:${env.account}:identity/*`,
      Condition: { StringEquals: { 'ses:FromAddress': 'noreply@buurtbeurs.nl' } },
    })
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': env.region } },
    })
    // No topic and no app endpoint: their ARNs are all denied, which leaves phone numbers.
    expect(statements).toContainEqual({ Effect: 'Deny', Action: 'sns:Publish', Resource: 'arn:aws:sns:*:*:*' })
  })

  it('lets no other function send e-mail or SMS', () => {
    for (const { label, fn, template } of allFunctions) {
      if (fn === notify) continue
      const actions = statementsOf(template, fn).flatMap((statement) => [statement.Action].flat() as string[])
      expect(
        actions.filter((action) => /^(ses|sns):/.test(action)),
        label,
      ).toEqual([])
    }
  })

  it('gives the notify worker the From address and the site for links (the CloudFront address by default)', () => {
    workers.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [logicalIdOf(notify.role), 'Arn'] },
      Environment: {
        Variables: Match.objectLike({
          BUURTBEURS_MAIL_FROM: mailFrom,
          BUURTBEURS_SITE_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::ImportValue': Match.stringLikeRegexp('Distribution.*DomainName') }]],
          },
        }),
      },
    })
  })

  it('depends on no stack in a cycle: the API stack on the data stack only, the workers on data and web', () => {
    const names = (stack: Stack) => stack.dependencies.map((d) => d.stackName).sort()
    expect(names(stacks.data)).toEqual([])
    expect(names(stacks.api)).toEqual(['Buurtbeurs-Data'])
    expect(names(stacks.web)).toEqual(['Buurtbeurs-Api'])
    expect(names(stacks.workers)).toEqual(['Buurtbeurs-Data', 'Buurtbeurs-Web'])
  })
})

describe('bundling', () => {
  it('bundles each function, AWS SDK included, as a minified ES module with a source map', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'buurtbeurs-cdk-'))
    try {
      const app = new App({
        outdir,
        context: { ...context, 'aws:cdk:bundling-stacks': ['Buurtbeurs-Api', 'Buurtbeurs-Workers'] },
      })
      const bundled = buildStacks(app, { env })
      const apiTemplate = Template.fromStack(bundled.api)
      const workersTemplate = Template.fromStack(bundled.workers)
      const functions = [
        ...functionNames.map((name) => ({ fn: bundled.api.functions[name], template: apiTemplate })),
        ...workerNames.map((name) => ({ fn: bundled.workers.functions[name], template: workersTemplate })),
      ]
      expect(functions).toHaveLength(functionNames.length + workerNames.length)
      for (const { fn, template } of functions) {
        const logicalId = logicalIdOf(fn)
        const s3Key = template.toJSON().Resources[logicalId].Properties.Code.S3Key as string
        const assetDir = path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`)
        const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8')
        expect(bundle.startsWith('import { createRequire as topLevelCreateRequire }')).toBe(true)
        expect(bundle).toMatch(/sourceMappingURL=index\.mjs\.map/)
        expect(existsSync(path.join(assetDir, 'index.mjs.map'))).toBe(true)
        // The SDK is bundled (cold start, pinned version): the DynamoDB and Secrets Manager clients
        // are in the bundle, and nothing is left for the runtime's copy of the SDK to provide.
        expect(bundle).toContain('DynamoDB_20120810')
        expect(bundle).toContain('"GetSecretValue"')
        expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//)
        expect(bundle).not.toMatch(/import\s*\(\s*["']@aws-sdk/)
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true })
    }
  })
})
