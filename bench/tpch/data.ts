/**
 * The TPC-H tables of one scale factor, in the local S3 and in metaq's catalog under their own
 * names, so that the 22 queries run unchanged. Made once per metaq home; uploaded once per S3.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../src/config';
import { uploadTable } from '../../src/local/upload';
import { getTable } from '../../src/plan/catalog';
import { registerTable } from '../../src/plan/register-table';
import type { TableRef } from '../../src/plan/types';
import { generateTpch, type ScaleFactor, tpchTables } from './reference';

export function tpchFolder(sf: ScaleFactor): string {
  return path.join(settings().home, 'tpch', `sf${sf}`);
}

/** Generates (if needed), uploads and registers every table; returns them as the plan sees them. */
export async function prepareTpch(
  tpchExtension: string,
  sf: ScaleFactor,
  log: (line: string) => void,
): Promise<Record<string, TableRef>> {
  const folder = tpchFolder(sf);
  log(`TPC-H SF ${sf}: data in ${folder} (DuckDB's dbgen)`);
  await generateTpch(tpchExtension, sf, folder);
  const tables: Record<string, TableRef> = {};
  for (const table of tpchTables) {
    const file = path.join(folder, `${table}.parquet`);
    const bytes = statSync(file).size;
    const known = await getTable(table);
    // The catalog is per metaq home: same scale factor and size means it is already uploaded.
    if (known?.location.includes(`/tpch-sf${sf}/`) && known.bytes === bytes) {
      tables[table] = known;
      continue;
    }
    const uploaded = await uploadTable(`tpch-sf${sf}/${table}`, file);
    tables[table] = await registerTable(table, uploaded.location, 'parquet');
    log(`  ${table}: ${bytes} bytes at ${uploaded.location}`);
  }
  return tables;
}
