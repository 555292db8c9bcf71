import type { EngineTraits } from '../types';

const prefixes = ['planner.', 'exec.'];

/** Drillbits talk to each other and to ZooKeeper, so Drill needs a network: not Lambda. */
export const drillTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'ecs'],
  sql: { backslashEscapes: false, dollarQuotes: false },
  // Session options of the planner and the executor; `store.*` decides what metaq's result files
  // look like (format, JSON layout), so it stays metaq's.
  config: {
    accepted: `Drill session options starting with ${prefixes.join(' or ')}`,
    accepts: (key) => prefixes.some((prefix) => key.startsWith(prefix)),
  },
};
