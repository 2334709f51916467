import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import { tableDefinition } from '../shared/db/table'

/**
 * The data stack: the single Buurtbeurs table, built from `tableDefinition` so the keys, indexes,
 * stream and TTL are the same as in DynamoDB Local. The table survives a stack deletion.
 */
export class DataStack extends Stack {
  /** The single table (keys pk/sk, indexes gsi1..gsi4, stream with old and new images). */
  readonly table: Table

  constructor(scope: Construct, id: string, props?: StackProps) {
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

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The Buurtbeurs table' })
  }
}
