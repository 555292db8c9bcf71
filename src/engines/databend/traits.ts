import type { EngineTraits } from '../types';

export const databendTraits: EngineTraits = {
  distributed: false,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  portsPerWorker: 0,
  // CSV and JSON are loaded into tables declared with the catalog's columns (tables.ts).
  needsColumns: true,
  // Databend reads backslash escapes in string literals ('it\'s') and $$-quoted strings (tried).
  sql: { backslashEscapes: true, dollarQuotes: true },
  // metaq sets the lock-down itself; a query may choose its threads.
  config: {
    prefix: 'databend.',
    accepted: 'databend.max_threads (a whole number from 1)',
    accepts: (key, value) => key === 'databend.max_threads' && Number.isInteger(value) && Number(value) >= 1,
  },
};
