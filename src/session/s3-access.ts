/** How the engine on this worker reaches S3: the standard AWS variables, plus a local endpoint. */
import { settings } from '../config';
import type { S3Access } from '../engines/types';

export function s3AccessFromEnv(env: NodeJS.ProcessEnv): S3Access {
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL_S3,
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN,
    pathStyle: settings(env).s3PathStyle,
  };
}
