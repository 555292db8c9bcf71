/** DuckDB: one process, one worker; reads the query's tables straight from S3 through httpfs. */
import type { EngineDescriptor } from '../types';
import { DUCKDB_VERSION } from './extensions';
import { duckdbInstalled, installDuckdb } from './install';
import { duckdbTraits } from './traits';

export const duckdb: EngineDescriptor<'duckdb'> = {
  name: 'duckdb',
  traits: duckdbTraits,
  install: {
    version: DUCKDB_VERSION,
    needs: 'npm @duckdb/node-api; its httpfs extension from PyPI (python3 -m pip)',
    installed: duckdbInstalled,
    install: async (enginesDir, log) => installDuckdb(enginesDir, log),
  },
  // `require`, not `import()`: the command line runs TypeScript through a CommonJS hook.
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
