/**
 * The engine reads S3 with the worker's own credentials. Lambda puts them in the environment; an
 * ECS task gets them from the container credentials endpoint instead, so they are fetched from there.
 */
import type { S3Access } from '../engines/types';

interface ContainerCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token?: string;
}

export class TaskCredentialsUnavailable extends Error {
  override name = 'TaskCredentialsUnavailable' as const;
}

/** The endpoint ECS gives the task, if any (the relative form is the one Fargate uses). */
export function credentialsUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
    return `http://169.254.170.2${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`;
  return undefined;
}

export async function withTaskCredentials(
  access: S3Access,
  env: NodeJS.ProcessEnv = process.env,
): Promise<S3Access> {
  const url = credentialsUrl(env);
  if (access.accessKeyId || !url) return access;
  const headers: Record<string, string> = env.AWS_CONTAINER_AUTHORIZATION_TOKEN
    ? { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN }
    : {};
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  if (!response.ok) {
    throw new TaskCredentialsUnavailable(
      `the container credentials endpoint ${url} answered ${response.status}: check the task role`,
    );
  }
  const credentials = (await response.json()) as ContainerCredentials;
  return {
    ...access,
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.Token,
  };
}
