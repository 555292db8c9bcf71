/**
 * The only file that knows every engine. Traits are cheap to load (the optimizer needs them);
 * an engine itself is loaded only on a worker that runs it (`require`, not `import()`: the command
 * line runs TypeScript through a CommonJS hook).
 */
import type { EngineName } from '../plan/types';
import { drillTraits } from './drill/traits';
import { duckdbTraits } from './duckdb/traits';
import { sparkTraits } from './spark/traits';
import type { Engine, EngineTraits } from './types';

const traits: Record<EngineName, EngineTraits> = {
  duckdb: duckdbTraits,
  drill: drillTraits,
  spark: sparkTraits,
};

export function engineTraits(name: EngineName): EngineTraits {
  return traits[name];
}

export async function loadEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'duckdb':
      return (require('./duckdb') as typeof import('./duckdb')).duckdb;
    case 'drill':
      return (require('./drill') as typeof import('./drill')).drill;
    case 'spark':
      return (require('./spark') as typeof import('./spark')).spark;
  }
}
