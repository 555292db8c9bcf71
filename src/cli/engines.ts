/** `metaq engines ls|install`: engines are installed on demand under the engines folder. */
import { settings } from '../config';
import { installDrill } from '../engines/drill/install';
import { DRILL_VERSION, drillInstalled, ZOOKEEPER_VERSION } from '../engines/drill/layout';
import { DUCKDB_VERSION } from '../engines/duckdb/extensions';
import { duckdbInstalled, installDuckdb } from '../engines/duckdb/install';
import { installSpark, sparkInstalled } from '../engines/spark/install';
import { SPARK_VERSION } from '../engines/spark/layout';
import { engineNames } from '../plan/types';
import { table } from './render';

interface EngineInstall {
  version: string;
  needs: string;
  installed(enginesDir: string): boolean;
  install(enginesDir: string, log: (line: string) => void): void;
}

const installs: Record<(typeof engineNames)[number], EngineInstall> = {
  duckdb: {
    version: DUCKDB_VERSION,
    needs: 'npm @duckdb/node-api; httpfs extension from PyPI (python3 -m pip)',
    installed: duckdbInstalled,
    install: installDuckdb,
  },
  drill: {
    version: DRILL_VERSION,
    needs: `Java 17-21 and Maven: Drill's jars and ZooKeeper ${ZOOKEEPER_VERSION} from Maven Central`,
    installed: drillInstalled,
    install: installDrill,
  },
  spark: {
    version: SPARK_VERSION,
    needs: 'Java 17-21; PyPI pyspark (python3 -m venv); hadoop-aws jars from Maven Central (mvn)',
    installed: sparkInstalled,
    install: installSpark,
  },
};

export function listEnginesCommand(): number {
  const { enginesDir } = settings();
  const rows = engineNames.map((name) => [
    name,
    installs[name].version,
    installs[name].installed(enginesDir) ? 'yes' : 'no',
    installs[name].needs,
  ]);
  process.stdout.write(
    `${table(['engine', 'version', 'installed', 'needs'], rows)}\nengines folder: ${enginesDir}\n`,
  );
  return 0;
}

export function installEngineCommand(name: string): number {
  const install = installs[name as (typeof engineNames)[number]];
  if (!install) {
    process.stderr.write(`unknown engine "${name}": choose one of ${engineNames.join(', ')}\n`);
    return 2;
  }
  install.install(settings().enginesDir, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${name} ${install.version} installed in ${settings().enginesDir}\n`);
  return 0;
}
