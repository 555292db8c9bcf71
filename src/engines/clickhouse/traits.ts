import type { EngineTraits } from '../types';

export const clickhouseTraits: EngineTraits = {
  distributed: false,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
  portsPerWorker: 0,
  // The tables are declared with the catalog's columns, so that CSV reads as DuckDB typed it.
  needsColumns: true,
  // ClickHouse reads backslash escapes in string literals ('it\'s'); it has no dollar quotes.
  sql: { backslashEscapes: true, dollarQuotes: false },
  // metaq sets the memory limit and the lock-down itself; a query may choose its threads.
  config: {
    prefix: 'clickhouse.',
    accepted: 'clickhouse.max_threads (a whole number from 1)',
    accepts: (key, value) =>
      key === 'clickhouse.max_threads' && Number.isInteger(value) && Number(value) >= 1,
  },
};
