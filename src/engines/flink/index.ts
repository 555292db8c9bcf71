/** Flink: a JobManager and SQL Gateway on the head, a TaskManager on every member, tables from the catalog (engine.ts). */
import type { EngineDescriptor } from '../types';
import { installFlink } from './install';
import { FLINK_VERSION, flinkInstalled, JAVA_MIN } from './layout';
import { flinkTraits } from './traits';

export const flink: EngineDescriptor<'flink'> = {
  name: 'flink',
  traits: flinkTraits,
  install: {
    version: FLINK_VERSION,
    needs: `Java ${JAVA_MIN}-21; PyPI apache-flink-libraries (python3 -m pip); Maven: the SQL Gateway, Parquet and S3 jars from Maven Central`,
    installed: flinkInstalled,
    install: async (enginesDir, log) => installFlink(enginesDir, log),
  },
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
