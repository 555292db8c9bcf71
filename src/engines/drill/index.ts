/** Apache Drill: ZooKeeper and a drillbit on the head, a drillbit on every other member (engine.ts). */
import type { EngineDescriptor } from '../types';
import { installDrill } from './install';
import { DRILL_VERSION, drillInstalled, ZOOKEEPER_VERSION } from './layout';
import { drillTraits } from './traits';

export const drill: EngineDescriptor<'drill'> = {
  name: 'drill',
  traits: drillTraits,
  install: {
    version: DRILL_VERSION,
    needs: `Java 17-21 and Maven: Drill's jars and ZooKeeper ${ZOOKEEPER_VERSION} from Maven Central`,
    installed: drillInstalled,
    install: async (enginesDir, log) => installDrill(enginesDir, log),
  },
  start: (context) => (require('./engine') as typeof import('./engine')).start(context),
};
