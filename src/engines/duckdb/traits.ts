import type { EngineTraits } from '../types';

export const duckdbTraits: EngineTraits = {
  distributed: false,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  portsPerWorker: 0,
  sql: { backslashEscapes: false, dollarQuotes: true },
  // metaq sets DuckDB's memory, spill folder and lock-down itself; a query may choose its threads.
  config: {
    prefix: 'duckdb.',
    accepted: 'duckdb.threads (a whole number from 1)',
    accepts: (key, value) => key === 'duckdb.threads' && Number.isInteger(value) && Number(value) >= 1,
  },
};
