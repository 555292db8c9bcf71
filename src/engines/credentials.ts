/**
 * Credentials stay out of reach of engine processes' environments: a query that gets a process to
 * print its environment (Spark's TRANSFORM did) must find none. Engines take them from a
 * configuration file of the query's own folder instead (core-site.xml, Drill's storage plugins).
 */

/** Variables that hold AWS credentials, or the means to fetch them. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

/** The environment an engine process starts with: the worker's, less its credentials. */
export function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = { ...env };
  for (const name of CREDENTIAL_VARIABLES) delete kept[name];
  return kept;
}
