/**
 * The engines the benchmark compares: every engine of the registry. metaq runs each query cold
 * under its name; the same engine, started once (warm.ts), runs it warm in the same run.
 */
import { type EngineName, engineNames } from '../src/plan/types';

export function pickEngines(list: string): EngineName[] {
  return list.split(',').map((item) => {
    const name = item.trim() as EngineName;
    if (!engineNames.includes(name))
      throw new Error(`no engine "${item.trim()}" to benchmark: choose from ${engineNames.join(', ')}`);
    return name;
  });
}
