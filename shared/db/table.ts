/**
 * The one definition of the Buurtbeurs table. The CDK data stack, the local start script and
 * the test setup all build the table from this object, so they cannot drift apart.
 * This file holds names only: no AWS SDK import, so `infra/` can read it cheaply.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; items with a past value are deleted by DynamoDB (lazily) in AWS. */
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Open posts by kind and category (sparse: only while open). Browse by category; matcher candidates. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Open posts by kind (sparse). Browse one kind, newest first. */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** All open posts of a community (sparse). Browse everything, newest first. */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /** A member's own posts, open or closed, newest first. */
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName']

/** Default table name for the local stack; tests create one table per test file. */
export const localTableName = 'buurtbeurs'
