/** `metaq engines ls|install`: engines are installed on demand under the engines folder, once per user. */
import { settings } from '../config';
import { hasArchives } from '../engines/jvm/cds';
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
  const { install, traits } = engine(name as EngineName);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { enginesDir, jvmCds } = settings();
  await install.install(enginesDir, log);
  process.stdout.write(`${name} ${install.version} installed in ${enginesDir}\n`);
  if (traits.java && jvmCds !== 'off' && !hasArchives(enginesDir, name)) {
    // The engine works without its archives, only slower to start: a failed training is a warning.
    // Loaded here only: the training brings the whole embedded runtime, which `engines ls` never needs.
    const { trainClassData } =
      require('../engines/jvm/cds-training') as typeof import('../engines/jvm/cds-training');
    await trainClassData(name as EngineName, log).catch((error: Error) =>
      log(`warning: ${error.name}: ${error.message} (${name} starts without class-data archives)`),
    );
  }
  return 0;
}
