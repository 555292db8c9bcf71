/**
 * Where metaq keeps its state: the sessions, queries and catalog tables (keys as in
 * src/local/tables.ts) and the results bucket, with the access-log bucket beside it.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BY_DAY_INDEX } from '../../src/history/store';

export interface DataProps {
  /** Prefix of the table names: `<prefix>-sessions`, `<prefix>-queries`, `<prefix>-catalog`. */
  readonly prefix: string;
  /** Days after which results (and their manifests) are deleted. @default 30 */
  readonly resultsRetentionDays?: number;
  /** What happens to tables and buckets when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class Data extends Construct {
  public readonly sessions: dynamodb.TableV2;
  public readonly queries: dynamodb.TableV2;
  public readonly catalog: dynamodb.TableV2;
  public readonly results: s3.Bucket;
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    // Access logs are delivered through a bucket policy, not ACLs (the bucket has ACLs disabled).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const retentionDays = props.resultsRetentionDays ?? 30;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(
        `resultsRetentionDays must be a whole number of days, at least 1 (got ${retentionDays})`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const recovery = { pointInTimeRecoveryEnabled: true };

    this.sessions = new dynamodb.TableV2(this, 'Sessions', {
      tableName: `${props.prefix}-sessions`,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: recovery,
      removalPolicy,
    });
    this.queries = new dynamodb.TableV2(this, 'Queries', {
      tableName: `${props.prefix}-queries`,
      partitionKey: { name: 'queryId', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: recovery,
      globalSecondaryIndexes: [
        {
          indexName: BY_DAY_INDEX,
          partitionKey: { name: 'day', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
        },
      ],
      removalPolicy,
    });
    this.catalog = new dynamodb.TableV2(this, 'Catalog', {
      tableName: `${props.prefix}-catalog`,
      partitionKey: { name: 'name', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: recovery,
      removalPolicy,
    });

    const protections = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
    };
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...protections,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.results = new s3.Bucket(this, 'Results', {
      ...protections,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'results/',
      lifecycleRules: [
        {
          id: 'expire-results',
          expiration: Duration.days(retentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
