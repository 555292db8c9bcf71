/** `metaq tables add|ls`: the catalog. */

import { existsSync, statSync } from 'node:fs';
import { uploadTable } from '../local/upload';
import { listTables } from '../plan/catalog';
import { registerTable } from '../plan/register-table';
import type { Format } from '../plan/types';
import { withServeOrRuntime } from './remote';
import { bytes, table } from './render';
import { ensureDuckdb } from './runtime';

export async function addTableCommand(
  name: string,
  source: string,
  options: { format?: Format },
): Promise<number> {
  // DuckDB reads the table's columns for the catalog.
  await ensureDuckdb();
  return withServeOrRuntime(async () => {
    let location = source;
    let sample: string | undefined;
    if (!source.startsWith('s3://')) {
      if (!existsSync(source))
        throw new Error(`${source}: no such file or folder (give a local path or an s3:// URL)`);
      const uploaded = await uploadTable(name, source);
      location = statSync(source).isDirectory()
        ? uploaded.location
        : `${uploaded.location}${source.split('/').pop()}`;
      sample = uploaded.files[0];
      process.stderr.write(`uploaded ${uploaded.files.length} file(s) to ${uploaded.location}\n`);
    }
    const entry = await registerTable(name, location, options.format, sample);
    const columns = (entry.columns ?? []).map((column) => `${column.name} ${column.type}`).join(', ');
    process.stdout.write(
      `${entry.name}: ${entry.format}, ${entry.files} file(s), ${bytes(entry.bytes)} at ${entry.location}\n` +
        `columns: ${columns || 'unknown'}\n`,
    );
    return 0;
  });
}

export async function listTablesCommand(options: { json?: boolean }): Promise<number> {
  return withServeOrRuntime(async () => {
    const entries = await listTables();
    if (options.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else if (entries.length === 0)
      process.stdout.write('no tables yet: metaq tables add <name> <path-or-s3-url>\n');
    else {
      const rows = entries.map((entry) => [
        entry.name,
        entry.format,
        entry.files,
        bytes(entry.bytes),
        entry.columns?.length ?? '?',
        entry.location,
      ]);
      process.stdout.write(`${table(['name', 'format', 'files', 'size', 'columns', 'location'], rows)}\n`);
    }
    return 0;
  });
}
