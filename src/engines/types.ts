/**
 * The engine interface: what every engine folder exports (its index.ts), and what registry.ts
 * lists. Keep it this small: adding an engine is a folder, one line in the registry, an image,
 * tests and a bench entry.
 */

import type { SqlDialect } from '../plan/query-text';
import type { Format, Plan, PlatformName } from '../plan/types';
import type { Member } from '../session/types';

export interface EngineDescriptor<Name extends string = string> {
  name: Name;
  traits: EngineTraits;
  install: EngineInstall;
  /** Runs on every admitted worker once the members are known; loads the engine itself lazily. */
  start(context: EngineContext): Promise<RunningEngine>;
}

export interface EngineTraits {
  /** True when the engine spreads one query over several workers that talk to each other. */
  distributed: boolean;
  formats: readonly Format[];
  platforms: readonly PlatformName[];
  /** Ports each worker reserves for the engine when it registers (0 for an engine in-process). */
  portsPerWorker: number;
  /** The engine declares its tables with their columns (from the catalog, or described at Optimize). */
  needsColumns?: boolean;
  /** The Java versions the engine runs on, for a JVM engine. */
  java?: { min: number; max?: number };
  /** How the engine writes strings and names: where the query's one statement ends. */
  sql: SqlDialect;
  /** Which `config` keys a query may set: the engine's own prefix, and none that lifts its lock-down. */
  config: ConfigRule;
  /**
   * Declared by an engine whose DECIMAL arithmetic can keep fewer decimals than the answer has:
   * the optimizer refuses a query where it would (`UnsupportedByEngine`), rather than let the
   * engine round silently. Left out: the engine computes DECIMALs exactly, or as DOUBLE.
   */
  decimals?: DecimalRules;
  /**
   * True for an engine that plans a join only on an equality of the two sides' columns (no
   * cartesian join): the optimizer refuses a query that joins tables otherwise (`UnsupportedByEngine`).
   */
  equiJoinsOnly?: boolean;
}

/** DECIMAL(precision, scale). */
export interface DecimalType {
  precision: number;
  scale: number;
}

export type DecimalOperator = '+' | '-' | '*' | '/';

/** How an engine types DECIMAL arithmetic, as its planner does: the optimizer checks queries with it. */
export interface DecimalRules {
  /** Formats whose DECIMAL columns the engine reads as DECIMAL; from the others it reads DOUBLE. */
  formats: readonly Format[];
  /**
   * The engine's type of `a op b`, and the decimals the answer needs: a sum's or product's are
   * its operands' (exact); a quotient's the least the engine itself keeps when it has room.
   */
  arithmetic(operator: DecimalOperator, a: DecimalType, b: DecimalType): { type: DecimalType; needs: number };
  /** The engine's type of SUM, AVG, MIN or MAX over a DECIMAL. */
  aggregate(name: 'SUM' | 'AVG' | 'MIN' | 'MAX', a: DecimalType): DecimalType;
}

export interface ConfigRule {
  /** Every key of this engine starts with it (`spark.`, `drill.`); the rest is the engine's own name. */
  prefix: string;
  /** Says which keys are accepted, for the error that refuses another. */
  accepted: string;
  accepts(key: string, value: string | number | boolean): boolean;
}

export interface EngineInstall {
  version: string;
  /** What the install needs on the machine, in words (`metaq engines ls`). */
  needs: string;
  installed(enginesDir: string): boolean;
  install(enginesDir: string, log: (line: string) => void): Promise<void>;
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
  /** Where engines are installed (settings().enginesDir, read once by the worker). */
  enginesDir: string;
  /** How long the engine may take to start on this worker (settings().engineStartTimeoutMs). */
  startTimeoutMs: number;
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
  /** Set when the preview was cut to its size limit (src/results/preview.ts), saying how. */
  previewNote?: string;
  /** The s3:// URLs of the result files the engine wrote. */
  files: string[];
}

export interface RunningEngine {
  run(task: QueryTask): Promise<QueryOutcome>;
  stop(): Promise<void>;
}
