import type { EngineTraits } from '../types';
import { JAVA_MIN } from './layout';

/**
 * Trino's coordinator and workers talk to each other over HTTP: a network (on Lambda the overlay,
 * when the stack runs its reflector: src/plan/limits.ts runsOn). Its tables are declared with
 * their columns (the hive connector over the query's files).
 */
export const trinoTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  // One HTTP port per node; the others to spare for ports another member on the host also holds.
  portsPerWorker: 4,
  needsColumns: true,
  java: { min: JAVA_MIN },
  sql: { backslashEscapes: false, dollarQuotes: false },
  // System session properties (`trino.join_distribution_type` sets `join_distribution_type`);
  // catalog properties (`hive.*`) stay metaq's: they decide what its result files look like.
  config: {
    prefix: 'trino.',
    accepted:
      'Trino system session properties, prefixed: trino.<property> (e.g. trino.join_distribution_type)',
    accepts: (key) => /^trino\.[a-z][a-z0-9_]*$/.test(key),
  },
};
