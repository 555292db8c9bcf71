/** Databend: its embedded Python binding on one worker, reading the tables from S3 through stages. */
import { embeddedInstalled, installEmbedded } from '../embedded/install';
import type { EngineDescriptor } from '../types';
import { databendTraits } from './traits';

/** The binding collects results as Arrow tables, so pyarrow comes too (`--no-deps`: nothing else). */
export const DATABEND_PACKAGES = { databend: '1.2.453', pyarrow: '26.0.1' };

export const databend: EngineDescriptor<'databend'> = {
  name: 'databend',
  traits: databendTraits,
  install: {
    version: DATABEND_PACKAGES.databend,
    needs: 'python3 with venv; PyPI databend and pyarrow (Databend in process, about 364 MB)',
    installed: (enginesDir) => embeddedInstalled(enginesDir, 'databend', DATABEND_PACKAGES),
    install: async (enginesDir, log) => installEmbedded(enginesDir, 'databend', DATABEND_PACKAGES, log),
  },
  // `require`, not `import()`: the command line runs TypeScript through a CommonJS hook.
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
