import type { EngineTraits } from '../types';
import { JAVA_MAX, JAVA_MIN } from './layout';

/**
 * Spark properties a query may tune. Many others name classes to load (catalogs, extensions,
 * listeners, committers), add jars or JVM options, or lift the lock-down (runSQLOnFiles, variable
 * substitution): any of those would run code of the user's choosing, so only these are taken.
 */
const tunable = [
  'spark.sql.shuffle.partitions',
  'spark.sql.autoBroadcastJoinThreshold',
  'spark.sql.broadcastTimeout',
  'spark.sql.files.maxPartitionBytes',
  'spark.sql.files.openCostInBytes',
  'spark.sql.ansi.enabled',
  'spark.sql.join.preferSortMergeJoin',
  'spark.sql.parquet.filterPushdown',
  'spark.sql.codegen.wholeStage',
  'spark.executor.memory',
  'spark.driver.memory',
  'spark.memory.fraction',
  'spark.memory.storageFraction',
  'spark.default.parallelism',
];
const tunablePrefixes = ['spark.sql.adaptive.', 'spark.sql.cbo.'];

// Workers must reach each other over the network: loopback locally, a VPC on ECS, the overlay on
// Lambda (only when the stack runs its reflector: src/plan/limits.ts runsOn).
export const sparkTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  // Master, its UI, the driver, its block manager, the worker, its UI; two to spare for ports
  // another member on the host also holds.
  portsPerWorker: 8,
  java: { min: JAVA_MIN, max: JAVA_MAX },
  sql: { backslashEscapes: true, dollarQuotes: false },
  config: {
    prefix: 'spark.',
    accepted: `${tunable.join(', ')} and keys starting with ${tunablePrefixes.join(' or ')}`,
    accepts: (key) => tunable.includes(key) || tunablePrefixes.some((prefix) => key.startsWith(prefix)),
  },
};
