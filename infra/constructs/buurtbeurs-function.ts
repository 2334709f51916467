import path from 'node:path'
import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
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
  /**
   * The secret holding the key material (token signing, address hashing); its ARN is passed as
   * `BUURTBEURS_KEYS_SECRET_ARN` and the function may read it.
   */
  readonly keys: ISecret
  /** Defaults to 256 MB. */
  readonly memorySize?: number
  /** Defaults to 10 seconds. */
  readonly timeout?: Duration
}

// esbuild turns `require()` calls of bundled CommonJS dependencies into a shim that throws in an
// ES module; giving the module a real `require` keeps those dependencies working.
const esmRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module';const require = topLevelCreateRequire(import.meta.url);"

/**
 * A Buurtbeurs Lambda function: Node.js 22 on arm64, bundled by the local esbuild (AWS SDK
 * included) as a minified ES module with source maps, logging to its own log group with a
 * one-month retention, and granted the table (read-only or read/write) and the key material
 * secret. Every function of the app is one of these, so the defaults live in one place.
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
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: logs,
      environment: {
        TABLE_NAME: props.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
        // The ARN only: the function reads the value at start-up, so it is never in the template.
        BUURTBEURS_KEYS_SECRET_ARN: props.keys.secretArn,
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
        // The AWS SDK is bundled too, not left to the copy the Lambda runtime ships: esbuild keeps
        // only the parts the function uses, so a cold start loads one minified file instead of
        // resolving dozens of SDK packages (module init locally about 150-180 ms instead of
        // 230-360 ms: `npm run bench:bundles`, Figures in the README), and the function runs the
        // SDK version pinned in package-lock.json, the one the tests ran against, rather than
        // whatever version the runtime happens to ship. Nothing is left external.
        externalModules: [],
        logLevel: LogLevel.WARNING,
      },
    })
    this.logs = logs
    if (props.tableAccess === 'read') props.table.grantReadData(this)
    else props.table.grantReadWriteData(this)
    props.keys.grantRead(this)
  }
}
