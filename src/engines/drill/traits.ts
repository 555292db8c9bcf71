import type { EngineTraits } from '../types';
import { drillDecimals } from './decimals';
import { JAVA_MAX, JAVA_MIN } from './layout';

const prefixes = ['drill.planner.', 'drill.exec.'];

/**
 * Drillbits talk to each other and to ZooKeeper, so Drill needs a network: loopback locally, a VPC
 * on ECS, the overlay on Lambda (only when the stack runs its reflector: src/plan/limits.ts runsOn).
 */
export const drillTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  // ZooKeeper, user, control and HTTP, with room for ports another member on the host also holds.
  portsPerWorker: 8,
  // Its views list the columns (and cast CSV's text to their types): from the catalog, not a sample.
  needsColumns: true,
  java: { min: JAVA_MIN, max: JAVA_MAX },
  sql: { backslashEscapes: false, dollarQuotes: false },
  // Session options of the planner and the executor (`drill.planner.slice_target` sets
  // `planner.slice_target`); `store.*` decides what metaq's result files look like, so it stays metaq's.
  config: {
    prefix: 'drill.',
    accepted: `Drill session options, prefixed: ${prefixes.map((prefix) => `${prefix}*`).join(', ')}`,
    accepts: (key) => prefixes.some((prefix) => key.startsWith(prefix)),
  },
  decimals: drillDecimals,
  // `planner.enable_nljoin_for_scalar_only` (true) lets Drill loop-join only a one-row side.
  equiJoinsOnly: true,
};
