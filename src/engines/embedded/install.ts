/**
 * Installing an embedded engine: a venv of its own under the engines folder with the engine's
 * PyPI packages at pinned versions, taken without their dependencies (chdb would bring pandas,
 * which metaq does not use). `installed.json` is written last (jvm/stamp.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { stampMatches, writeStamp } from '../jvm/stamp';
import { ensureVenv, venvPythonIn } from '../venv';

/** PyPI package → version. */
export type Packages = Record<string, string>;

export class EmbeddedInstallFailed extends Error {
  override name = 'EmbeddedInstallFailed' as const;
}

const root = (enginesDir: string, name: string) => path.join(enginesDir, name);
const venv = (enginesDir: string, name: string) => path.join(root(enginesDir, name), 'venv');

export const venvPython = (enginesDir: string, name: string) => venvPythonIn(venv(enginesDir, name));

export function embeddedInstalled(enginesDir: string, name: string, packages: Packages): boolean {
  return existsSync(venvPython(enginesDir, name)) && stampMatches(root(enginesDir, name), packages);
}

export function installEmbedded(
  enginesDir: string,
  name: string,
  packages: Packages,
  log: (line: string) => void,
): void {
  if (embeddedInstalled(enginesDir, name, packages)) return;
  mkdirSync(root(enginesDir, name), { recursive: true });
  const python = ensureVenv(venv(enginesDir, name), log, run);
  const pins = Object.entries(packages).map(([pkg, version]) => `${pkg}==${version}`);
  log(`installing ${pins.join(', ')} from PyPI`);
  run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', ...pins],
    'check that PyPI is reachable',
  );
  writeStamp(root(enginesDir, name), packages);
  log(`installed ${name} in ${root(enginesDir, name)}`);
}

function run(command: string, args: string[], fix: string): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new EmbeddedInstallFailed(
      `${path.basename(command)} ${args.slice(0, 3).join(' ')} failed: ${stderr.slice(-1500)} (${fix})`,
      { cause: error },
    );
  }
}
