/**
 * One client per AWS service, made on first use. The embedded default points them at its local
 * servers through the standard AWS_ENDPOINT_URL_* variables, so no caller knows it is local;
 * `resetClients` lets a new local runtime (new ports) take effect in the same process.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { settings } from '../config';

let documents: DynamoDBDocumentClient | undefined;
let objects: S3Client | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  return documents;
}

export function s3(): S3Client {
  objects ??= new S3Client({
    // A local S3 (s3rver) only understands path-style addressing.
    forcePathStyle: settings().s3PathStyle,
    // Streamed uploads with a trailing checksum are stored aws-chunked by s3rver.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return objects;
}

export function resetClients(): void {
  documents?.destroy();
  objects?.destroy();
  documents = undefined;
  objects = undefined;
}
