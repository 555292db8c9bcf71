/**
 * One campaign from several invocations of it (`--from 0 --runs 50`, `--from 50 --runs 50`, …): a
 * long campaign can run in parts, each holding the machine's engine lock for a while only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChaosResults } from './campaign';

export function readResults(folder: string): ChaosResults {
  return JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as ChaosResults;
}

export function mergeResults(parts: ChaosResults[]): ChaosResults {
  const [first, ...rest] = [...parts].sort((a, b) => a.from - b.from);
  if (!first) throw new Error('nothing to merge: name the folders of the parts');
  for (const part of rest)
    if (part.seed !== first.seed || part.engines.join() !== first.engines.join())
      throw new Error(
        `parts of different campaigns: seed ${part.seed} with ${part.engines.join(',')}, seed ${first.seed} with ${first.engines.join(',')}`,
      );
  const runs = parts.flatMap((part) => part.runs).sort((a, b) => a.scenario.run - b.scenario.run);
  const numbers = runs.map((run) => run.scenario.run);
  if (new Set(numbers).size !== numbers.length) throw new Error('the parts have runs in common');
  const last = rest.at(-1) ?? first;
  return {
    ...first,
    home: [first, ...rest].map((part) => part.home).join(', '),
    machine: { ...first.machine, loadAfter: last.machine.loadAfter },
    runs,
  };
}
