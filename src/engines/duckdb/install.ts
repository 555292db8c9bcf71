/**
 * `metaq engines install duckdb`: DuckDB itself comes with npm; its httpfs extension (S3) comes from
 * the PyPI package that carries the build for the same DuckDB version.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DUCKDB_VERSION, extensionPath } from './extensions';

export const duckdbExtensions = ['httpfs'] as const;

export function duckdbInstalled(enginesDir: string): boolean {
  return duckdbExtensions.every((name) => existsSync(extensionPath(enginesDir, name)));
}

export function installDuckdb(
  enginesDir: string,
  log: (line: string) => void,
  extensions: readonly string[] = duckdbExtensions,
): void {
  for (const name of extensions) {
    const target = extensionPath(enginesDir, name);
    if (existsSync(target)) continue;
    const pkg = `duckdb-extension-${name}==${DUCKDB_VERSION}`;
    log(`downloading ${pkg} from PyPI`);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'metaq-duckdb-'));
    try {
      execFileSync(
        'python3',
        ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', scratch, pkg],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      execFileSync('python3', ['-m', 'zipfile', '-e', path.join(scratch, wheelIn(scratch)), scratch]);
      mkdirSync(path.dirname(target), { recursive: true });
      const file = `duckdb_extension_${name}/extensions/v${DUCKDB_VERSION}/${name}.duckdb_extension`;
      copyFileSync(path.join(scratch, file), target);
      log(`installed ${target}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

function wheelIn(folder: string): string {
  const wheel = readdirSync(folder).find((file) => file.endsWith('.whl'));
  if (!wheel) throw new Error(`pip left no wheel in ${folder}`);
  return wheel;
}
