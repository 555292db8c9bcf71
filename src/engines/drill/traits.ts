import type { EngineTraits } from '../types';

/** Drillbits talk to each other and to ZooKeeper, so Drill needs a network: not Lambda. */
export const drillTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'ecs'],
};
