import type { EngineTraits } from '../types';
import { JAVA_MIN } from './layout';

/**
 * Flink's JobManager and TaskManagers talk to each other over RPC and shuffle data between them: a
 * network, so not Lambda: over the overlay (which carries Spark, Drill and Trino there) its
 * TaskManagers' slots timed out while the JobMaster deployed to them (docs/overlay.md, "On Lambda").
 * Its tables are declared with their columns (tables.ts).
 */
export const flinkTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'ecs'],
  // The head's six (JobManager RPC, blob, REST, SQL Gateway, TaskManager RPC and data), and two to
  // spare for ports another member on the host also holds (jvm/ports.ts).
  portsPerWorker: 8,
  needsColumns: true,
  java: { min: JAVA_MIN, max: 21 },
  sql: { backslashEscapes: false, dollarQuotes: false },
  // The configuration decides what the result files look like and what the query may read: none
  // of it is the query's to set.
  config: {
    prefix: 'flink.',
    accepted: 'no settings (Flink runs with metaq’s configuration)',
    accepts: () => false,
  },
};
