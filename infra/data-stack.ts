import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { type EventWorker, eventWorkers } from '../functions/workers'
import { tableDefinition } from '../shared/db/table'
import { queueDeclarations, WorkerQueues } from './constructs/worker-queues'
import { workerTimeout } from './workers-stack'

/** Properties of the {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** Whose queues to create: defaults to `eventWorkers` from `functions/workers.ts`. */
  readonly workers?: Readonly<Record<string, EventWorker>>
}

/**
 * The data stack: the single Buurtbeurs table, built from `tableDefinition` so the keys, indexes,
 * stream and TTL are the same as in DynamoDB Local, and the secret with the key material. Both
 * survive a stack deletion. And the worker queues (the notification queue with its dead-letter
 * queue): every API function and every worker sends to them and the notify worker reads them.
 * The API stack and the workers stack both depend on this stack already, so here the queues add
 * no dependency between those two. In the workers stack they would make the API stack depend on
 * the workers stack: no cycle today, but one the day a worker needs anything from the API stack.
 */
export class DataStack extends Stack {
  /** The single table (keys pk/sk, indexes gsi1..gsi4, stream with old and new images). */
  readonly table: Table
  /**
   * A random string from which the functions derive (HKDF) the token-signing key and the
   * address-hashing key. It belongs with the data: the table's address hashes are only usable
   * with it, so it is kept like the table and must not be rotated (that would sign every member
   * out and make every stored address hash unfindable).
   */
  readonly keysSecret: Secret
  /** The queues the event workers read (`functions/workers.ts`, queue triggers), with their dead-letter queues. */
  readonly queues: WorkerQueues

  constructor(scope: Construct, id: string, props?: DataStackProps) {
    super(scope, id, props)
    const definition = tableDefinition

    this.table = new Table(this, 'Table', {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[definition.streamView],
      timeToLiveAttribute: definition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })
    }

    this.keysSecret = new Secret(this, 'KeysSecret', {
      description: 'Buurtbeurs: key material for sign-in tokens and address hashes (do not rotate)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.queues = new WorkerQueues(this, 'Queues', {
      declarations: queueDeclarations(props?.workers ?? eventWorkers),
      workerTimeout,
    })

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The Buurtbeurs table' })
    new CfnOutput(this, 'KeysSecretArn', {
      value: this.keysSecret.secretArn,
      description: 'The key material secret (npm run seed -- --aws needs it to hash the demo addresses)',
    })
  }
}
