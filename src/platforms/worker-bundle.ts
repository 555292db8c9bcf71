/**
 * The worker as one bundled JavaScript file, built with esbuild once per change of the sources:
 * a worker started from it is ready about 0.3 s sooner than one compiled on the fly, and startup
 * is what an engine per query pays for. Kept in node_modules/.cache so that the bundle's own
 * `require` of native modules (DuckDB) resolves from the project's node_modules. Beside it, a V8
 * code cache of the bundle and the preload that uses it (worker-code-cache.ts).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { codeCacheOf } from './worker-code-cache';

const root = path.resolve(__dirname, '../..');
const entry = path.join(root, 'handlers/worker.ts');
const cacheEntry = path.join(root, 'src/platforms/worker-code-cache.ts');
const cacheDir = path.join(root, 'node_modules/.cache/metaq');
/** Native or asset-carrying packages stay outside the bundle. */
const external = ['@duckdb/node-api', '@duckdb/node-bindings'];

let building: Promise<string[] | undefined> | undefined;

/**
 * Node's arguments for a worker from the bundle, with its code cache preloaded; undefined when it
 * cannot be built (the worker then runs through tsx).
 */
export function workerBundle(): Promise<string[] | undefined> {
  building ??= build().catch(() => undefined);
  return building;
}

async function build(): Promise<string[]> {
  const name = `worker-${sourcesHash()}`;
  const bundle = path.join(cacheDir, `${name}.js`);
  const preload = path.join(cacheDir, `${name}-code-cache.js`);
  if (!existsSync(bundle) || !existsSync(preload)) {
    const esbuild = require('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: { [name]: entry, [`${name}-code-cache`]: cacheEntry },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external,
      outdir: cacheDir,
      logLevel: 'silent',
    });
  }
  // Without metaq's environment: loading the bundle names the process metaq-worker for a moment.
  if (!existsSync(codeCacheOf(bundle)))
    await promisify(execFile)(process.execPath, [preload, '--make', bundle], {
      env: { PATH: process.env.PATH },
    }).catch(() => undefined);
  return ['--require', preload, bundle];
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const folder of ['src', 'handlers']) {
    for (const file of walk(path.join(root, folder))) {
      const stat = statSync(file);
      hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(folder, item.name);
    return item.isDirectory() ? walk(full) : item.name.endsWith('.ts') ? [full] : [];
  });
}
