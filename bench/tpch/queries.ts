/**
 * The 22 TPC-H queries, one file each: `queries/q01.sql` … `q22.sql` are DuckDB's tpch_queries()
 * text (the spec's validation parameters, which the reference answers are for). An engine that
 * needs another dialect for a query puts its variant in `queries/<engine>/qNN.sql`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const folder = path.join(__dirname, 'queries');

export const tpchQueries = Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);

export function querySql(query: string, engine: string): string {
  const variant = path.join(folder, engine, `${query}.sql`);
  return readFileSync(existsSync(variant) ? variant : path.join(folder, `${query}.sql`), 'utf8');
}

/** `--queries 1,6,q14` → ['q01', 'q06', 'q14']; unknown numbers are an error naming them. */
export function pickQueries(list: string | undefined): string[] {
  if (!list) return tpchQueries;
  const picked = list.split(',').map((item) => `q${item.trim().replace(/^q/i, '').padStart(2, '0')}`);
  const unknown = picked.filter((query) => !tpchQueries.includes(query));
  if (unknown.length) throw new Error(`no TPC-H query ${unknown.join(', ')}: choose from 1 to 22`);
  return picked;
}
