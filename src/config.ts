/**
 * The environment, read in one place. Handlers and workers take every setting from here, so a
 * missing one is named in one error instead of surfacing as `undefined` deep in a request.
 */
import path from 'node:path';

export class MissingSetting extends Error {
  override name = 'MissingSetting' as const;
  constructor(variable: string, hint: string) {
    super(`environment variable ${variable} is not set: ${hint}`);
  }
}

export interface Settings {
  sessionsTable: string;
  queriesTable: string;
  catalogTable: string;
  resultsBucket: string;
  /** Where `metaq tables add` puts local files on the embedded default. */
  dataBucket: string;
  /** Folder of the embedded runtime's state: `.metaq/` in the working directory. */
  home: string;
  /** Folder of installed engines (DuckDB extensions, Spark, ...). */
  enginesDir: string;
  /** Who local workers run as when metaq runs as root (workers are never root unless this says so). */
  workerUser: string;
}

export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  const home = path.resolve(env.METAQ_HOME ?? '.metaq');
  return {
    sessionsTable: env.METAQ_SESSIONS_TABLE ?? 'metaq-sessions',
    queriesTable: env.METAQ_QUERIES_TABLE ?? 'metaq-queries',
    catalogTable: env.METAQ_CATALOG_TABLE ?? 'metaq-catalog',
    resultsBucket: env.METAQ_RESULTS_BUCKET ?? 'metaq-results',
    dataBucket: env.METAQ_DATA_BUCKET ?? 'metaq-data',
    home,
    enginesDir: path.resolve(env.METAQ_ENGINES_DIR ?? path.join(home, 'engines')),
    workerUser: env.METAQ_WORKER_USER ?? 'nobody',
  };
}

/** A setting that has no sensible default (on AWS, set by the CDK stack). */
export function requiredSetting(
  variable: string,
  hint: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env[variable];
  if (!value) throw new MissingSetting(variable, hint);
  return value;
}
