/** `metaq engines ls|install`: engines are installed on demand under the engines folder, once per user. */
import { settings } from '../config';
import { engine } from '../engines/registry';
import { type EngineName, engineNames } from '../plan/types';
import { table } from './render';

export function listEnginesCommand(): number {
  const { enginesDir } = settings();
  const rows = engineNames.map((name) => {
    const { install } = engine(name);
    return [name, install.version, install.installed(enginesDir) ? 'yes' : 'no', install.needs];
  });
  process.stdout.write(
    `${table(['engine', 'version', 'installed', 'needs'], rows)}\nengines folder: ${enginesDir}\n`,
  );
  return 0;
}

export async function installEngineCommand(name: string): Promise<number> {
  if (!engineNames.includes(name as EngineName)) {
    process.stderr.write(`unknown engine "${name}": choose one of ${engineNames.join(', ')}\n`);
    return 2;
  }
  const { install } = engine(name as EngineName);
  await install.install(settings().enginesDir, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${name} ${install.version} installed in ${settings().enginesDir}\n`);
  return 0;
}
