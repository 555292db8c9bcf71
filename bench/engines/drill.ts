/**
 * Warm Drill: the cluster of src/engines/drill (ZooKeeper and a drillbit on the head, a drillbit on
 * every other member), started once through the engine's own `start`, with the same views over the
 * same S3 tables (`createViews`, as each cold query makes them). Queries go to the head's REST API
 * with the views' schema as default, and their rows come back in the answer: no CTAS.
 */
import { drillPorts } from '../../src/engines/drill/config';
import { VIEWS_SCHEMA } from '../../src/engines/drill/plugins';
import { runStatement } from '../../src/engines/drill/rest';
import { createViews } from '../../src/engines/drill/result';
import type { BenchEngine, WarmEngine, WarmSetup } from '../engines';
import { startWarmCluster } from './cluster';

async function startWarm(setup: WarmSetup): Promise<WarmEngine> {
  const cluster = await startWarmCluster('drill', setup);
  const head = cluster.members[0];
  const base = `http://${head.address}:${drillPorts(head, cluster.members).http}`;
  try {
    await createViews(base, cluster.plan);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    startupMs: cluster.startupMs,
    run: async (sql) => {
      const answer = await runStatement(base, sql.trim().replace(/;+\s*$/, ''), {}, VIEWS_SCHEMA);
      const columns = answer.columns ?? [];
      const types = columns.map((_, i) => answer.metadata?.[i] ?? '');
      return {
        columns,
        rows: (answer.rows ?? []).map((row) => columns.map((name, i) => restValue(row[name], types[i]))),
      };
    },
    stop: () => cluster.stop(),
  };
}

/** Drill's REST API answers a DATE as milliseconds since 1970 (UTC): as text, the way it is written. */
export function restValue(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (type.startsWith('DATE') && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  return value;
}

export const drillBench: BenchEngine = { name: 'drill', startWarm };
