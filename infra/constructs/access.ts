/**
 * Least-privilege statements written out by hand: a file-based state machine definition gets no
 * automatic IAM, and the generic `grant*` helpers give more actions than metaq's code uses.
 */
import { Aws } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'Scan';

export function tableAccess(table: dynamodb.ITableV2, actions: TableAction[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: actions.map((action) => `dynamodb:${action}`),
    resources: [table.tableArn],
  });
}

/** A bucket by ARN: the stack's own (a token) or one named in the context. */
export const bucketArn = (name: string) => `arn:${Aws.PARTITION}:s3:::${name}`;

export function bucketRead(arns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: arns }),
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: arns.map((arn) => `${arn}/*`) }),
  ];
}

export function bucketList(arns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: arns });
}

/**
 * What an engine writing a result needs beyond PutObject: Spark's committer renames (copy, then
 * delete) and S3A lists and aborts the multipart uploads it leaves.
 */
export function bucketCommit(arns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: arns.map((arn) => `${arn}/*`),
    }),
    new iam.PolicyStatement({ actions: ['s3:ListBucketMultipartUploads'], resources: arns }),
  ];
}

export function bucketWrite(arns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resources: arns.map((arn) => `${arn}/*`),
  });
}
