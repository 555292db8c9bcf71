/** ClickHouse: chdb (ClickHouse in a Python library) on one worker, reading the tables from S3. */
import { embeddedInstalled, installEmbedded } from '../embedded/install';
import type { EngineDescriptor } from '../types';
import { clickhouseTraits } from './traits';

/** chdb-core is the engine; the `chdb` package around it only adds pandas and DataFrame APIs. */
export const CLICKHOUSE_PACKAGES = { 'chdb-core': '26.9.0' };

export const clickhouse: EngineDescriptor<'clickhouse'> = {
  name: 'clickhouse',
  traits: clickhouseTraits,
  install: {
    version: CLICKHOUSE_PACKAGES['chdb-core'],
    needs: 'python3 with venv; PyPI chdb-core (ClickHouse 26.9 in process, about 560 MB)',
    installed: (enginesDir) => embeddedInstalled(enginesDir, 'clickhouse', CLICKHOUSE_PACKAGES),
    install: async (enginesDir, log) => installEmbedded(enginesDir, 'clickhouse', CLICKHOUSE_PACKAGES, log),
  },
  // `require`, not `import()`: the command line runs TypeScript through a CommonJS hook.
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
