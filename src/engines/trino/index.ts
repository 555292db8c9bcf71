/** Trino: a coordinator on the head, a worker on every other member, tables from the catalog (engine.ts). */
import type { EngineDescriptor } from '../types';
import { installTrino } from './install';
import { JAVA_MIN, TRINO_VERSION, trinoInstalled } from './layout';
import { trinoTraits } from './traits';

export const trino: EngineDescriptor<'trino'> = {
  name: 'trino',
  traits: trinoTraits,
  install: {
    version: TRINO_VERSION,
    needs: `Java ${JAVA_MIN}+ (JAVA_HOME or /usr/lib/jvm) and Maven: io.trino:trino-server from Maven Central`,
    installed: trinoInstalled,
    install: async (enginesDir, log) => installTrino(enginesDir, log),
  },
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
