/**
 * DuckDB's httpfs extension (S3 with range requests). DuckDB cannot download extensions without
 * internet, so `metaq engines install duckdb` takes the build published on PyPI for the same
 * DuckDB version and keeps it under the engines folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const DUCKDB_VERSION = '1.5.5';

export function extensionPath(enginesDir: string, name: string): string {
  return path.join(enginesDir, 'duckdb', `v${DUCKDB_VERSION}`, `${name}.duckdb_extension`);
}

export class ExtensionMissing extends Error {
  override name = 'ExtensionMissing' as const;
  constructor(file: string) {
    super(
      `DuckDB's httpfs extension is not installed (looked for ${file}): run \`metaq engines install duckdb\``,
    );
  }
}

export function httpfsPath(enginesDir: string): string {
  const file = extensionPath(enginesDir, 'httpfs');
  if (!existsSync(file)) throw new ExtensionMissing(file);
  return file;
}
