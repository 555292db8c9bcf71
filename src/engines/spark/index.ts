/** Spark: a standalone cluster per query, the driver on the head (engine.ts). */
import type { EngineDescriptor } from '../types';
import { installSpark, sparkInstalled } from './install';
import { SPARK_VERSION } from './layout';
import { sparkTraits } from './traits';

export const spark: EngineDescriptor<'spark'> = {
  name: 'spark',
  traits: sparkTraits,
  install: {
    version: SPARK_VERSION,
    needs: 'Java 17-21; PyPI pyspark (python3 -m venv); hadoop-aws jars from Maven Central (mvn)',
    installed: sparkInstalled,
    install: async (enginesDir, log) => installSpark(enginesDir, log),
  },
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
