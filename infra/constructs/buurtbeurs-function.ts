import path from 'node:path'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { defaultDemoMember } from '../../shared/demo/identities'
import { repoRoot } from '../paths'

/** How much of the table a function may touch. */
export type TableAccess = 'read' | 'readWrite'

/** Properties of a {@link BuurtbeursFunction}. */
export interface BuurtbeursFunctionProps {
  /** Handler module relative to the repository root; it must export `handler`. */
  readonly entry: string
  readonly description: string
  /** The single table; its name is passed as `TABLE_NAME`. */
  readonly table: ITable
  /** `read` grants only reads (table and indexes); `readWrite` also grants writes. */
  readonly tableAccess: TableAccess
}

// esbuild turns `require()` calls of bundled CommonJS dependencies into a shim that throws in an
// ES module; giving the module a real `require` keeps those dependencies working.
const esmRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module';const require = topLevelCreateRequire(import.meta.url);"

/**
 * A Buurtbeurs Lambda function: Node.js 22 on arm64, bundled by the local esbuild as a minified
 * ES module with source maps, logging to its own log group with a one-month retention, and
 * granted the table (read-only or read/write). Every function of the app is one of these, so
 * the defaults live in one place.
 */
export class BuurtbeursFunction extends NodejsFunction {
  /** The function's log group (one month retention). */
  readonly logs: LogGroup

  constructor(scope: Construct, id: string, props: BuurtbeursFunctionProps) {
    // Logs may hold personal data: keep them a month and remove them with the stack.
    const logs = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    super(scope, id, {
      entry: path.join(repoRoot, props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      logGroup: logs,
      environment: {
        TABLE_NAME: props.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
        // TEMPORARY until the accounts issue replaces it (functions/http/dev-identity.ts): any
        // caller can act as any member, so a deployment must hold demo data only.
        BUURTBEURS_DEV_IDENTITY: 'on',
        BUURTBEURS_DEV_DEFAULT_MEMBER: defaultDemoMember,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // Stack traces only need the mappings; leaving the sources out keeps the bundle small.
        sourcesContent: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        // The Lambda runtime ships the AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        logLevel: LogLevel.WARNING,
      },
    })
    this.logs = logs
    if (props.tableAccess === 'read') props.table.grantReadData(this)
    else props.table.grantReadWriteData(this)
  }
}
