/**
 * Hadoop's S3A connector, as Spark and Drill both use it: the region; for a local S3 (s3rver) its
 * endpoint, path style, plain http, the request signer the engine's AWS SDK needs to keep s3rver
 * from storing aws-chunked framing, and few retries; and the credentials, kept apart so that
 * engines put them in a file of their own and never in a command line or environment.
 */
import type { S3Access } from '../types';

export interface S3aProperties {
  /** Settings anyone may see (they go with the engine's other settings). */
  settings: Record<string, string>;
  /** The credentials, and the provider that reads them from configuration. */
  credentials: Record<string, string>;
}

/**
 * `signer`: hadoop-aws 3.4 (AWS SDK v2, Spark) sends unsigned requests with `NoOpSignerType`;
 * hadoop-aws 3.3 (SDK v1, Drill) sends an unsigned payload with `AWS4UnsignedPayloadSignerType`.
 */
export function s3aProperties(s3: S3Access, signer: string): S3aProperties {
  const settings: Record<string, string> = { 'fs.s3a.endpoint.region': s3.region };
  if (s3.pathStyle) settings['fs.s3a.path.style.access'] = 'true';
  if (s3.endpoint) {
    Object.assign(settings, {
      'fs.s3a.endpoint': s3.endpoint,
      'fs.s3a.path.style.access': 'true',
      'fs.s3a.connection.ssl.enabled': String(s3.endpoint.startsWith('https:')),
      'fs.s3a.signing-algorithm': signer,
      // A local S3 either answers or is down: fail in seconds, not after S3A's minutes of retries.
      'fs.s3a.attempts.maximum': '2',
      'fs.s3a.retry.limit': '2',
    });
  }
  const credentials: Record<string, string> =
    s3.accessKeyId && s3.secretAccessKey
      ? {
          'fs.s3a.access.key': s3.accessKeyId,
          'fs.s3a.secret.key': s3.secretAccessKey,
          'fs.s3a.aws.credentials.provider': s3.sessionToken
            ? 'org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider'
            : 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
          ...(s3.sessionToken && { 'fs.s3a.session.token': s3.sessionToken }),
        }
      : {};
  return { settings, credentials };
}

/** Hadoop's configuration file format (core-site.xml), values escaped. */
export function hadoopXml(properties: Record<string, string>): string {
  const xml = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const entries = Object.entries(properties).map(
    ([name, value]) => `  <property><name>${name}</name><value>${xml(value)}</value></property>`,
  );
  return `<?xml version="1.0"?>\n<configuration>\n${entries.join('\n')}\n</configuration>\n`;
}
