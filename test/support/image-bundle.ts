/** A handler bundled as the images' Dockerfiles bundle it (esbuild, CommonJS, DuckDB and tsx left out). */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../..');

/** Bundles `handlers/<name>.ts` into a temporary folder; the bundle's path. */
export async function bundleHandler(name: string): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'metaq-image-')), `${name}.js`);
  await build({
    entryPoints: [path.join(root, 'handlers', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['@duckdb/node-api', 'tsx'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
