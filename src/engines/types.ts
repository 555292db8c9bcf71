/** The engine interface: what every engine folder provides. Keep it this small. */

import type { SqlDialect } from '../plan/query-text';
import type { EngineName, Format, Plan, PlatformName } from '../plan/types';
import type { Member } from '../session/types';

export interface EngineTraits {
  /** True when the engine spreads one query over several workers that talk to each other. */
  distributed: boolean;
  formats: readonly Format[];
  platforms: readonly PlatformName[];
  /** How the engine writes strings and names: where the query's one statement ends. */
  sql: SqlDialect;
  /** Which `config` keys a query may set: none that would lift the engine's lock-down. */
  config: ConfigRule;
}

export interface ConfigRule {
  /** Says which keys are accepted, for the error that refuses another. */
  accepted: string;
  accepts(key: string, value: string | number | boolean): boolean;
}

export interface EngineContext {
  plan: Plan;
  /** This worker's place in the cluster: member 0 is the head. */
  member: Member;
  members: Member[];
  /**
   * A folder of this worker's own for the engine's files, removed when the worker ends. Its `logs/`
   * folder is where engine processes write their logs: locally it is kept after the query, under
   * `$METAQ_HOME/logs/<queryId>/worker-<n>/`, so errors name log files by their name alone.
   */
  workDir: string;
  s3: S3Access;
}

/** How an engine reaches S3: the endpoint is set only for a local S3. */
export interface S3Access {
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  pathStyle: boolean;
}

export interface QueryTask {
  sql: string;
  output: { location: string; format: Format };
  previewRows: number;
}

export interface Column {
  name: string;
  type: string;
}

export interface QueryOutcome {
  rows: number;
  columns: Column[];
  preview: Record<string, unknown>[];
  /** The s3:// URLs of the result files the engine wrote. */
  files: string[];
}

export interface RunningEngine {
  run(task: QueryTask): Promise<QueryOutcome>;
  stop(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  traits: EngineTraits;
  /** Runs on every admitted worker once the members are known. */
  start(context: EngineContext): Promise<RunningEngine>;
}
