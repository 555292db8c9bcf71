/**
 * Warm Spark: the standalone cluster of src/engines/spark (a master, a worker per member, and on
 * the head the long-running driver with the tables as temp views), started once through the
 * engine's own `start` and kept for the whole run. Each query goes to that driver as metaq's Submit
 * sends it: the driver runs it, writes the result to S3 (as the cold query does) and returns its
 * rows as the preview, which is what the answer check reads.
 */
import type { BenchEngine, WarmEngine, WarmSetup } from '../engines';
import { startWarmCluster } from './cluster';

/** More rows than any TPC-H answer up to SF 1 has (Q16: 18 314). */
const ALL_ROWS = 1_000_000;

async function startWarm(setup: WarmSetup): Promise<WarmEngine> {
  const cluster = await startWarmCluster('spark', setup);
  let queries = 0;
  return {
    startupMs: cluster.startupMs,
    run: async (sql) => {
      queries += 1;
      const outcome = await cluster.head.run({
        sql,
        output: { location: `${cluster.scratch}/q${queries}/`, format: 'parquet' },
        previewRows: ALL_ROWS,
      });
      const columns = outcome.columns.map((column) => column.name);
      return { columns, rows: outcome.preview.map((row) => columns.map((name) => row[name])) };
    },
    stop: () => cluster.stop(),
  };
}

export const sparkBench: BenchEngine = { name: 'spark', startWarm };
