/**
 * Drill's gate: Drill itself plans the query (`EXPLAIN PLAN WITHOUT IMPLEMENTATION`, with the views
 * expanded), and it runs only when every scan in that plan reads files of the plan's tables through
 * their bucket's plugin. Refused: Drill's own schemas (`sys`, `INFORMATION_SCHEMA`), other
 * plugins, other objects of a table's bucket (`s3_0.root.\`results/...\``), and a plan Drill could
 * not make of a query (another statement). Scans are matched however the name was written, so
 * quoting, views and table functions do not get around it.
 */
import { parseS3Url } from '../../aws/s3-url';
import type { Plan } from '../../plan/types';
import { QueryRefused } from '../errors';
import { bucketPlugins, VIEWS_SCHEMA } from './plugins';
import { runStatement } from './rest';

interface LogicalOperator {
  op: string;
  storageengine?: string;
  selection?: unknown;
}

/** Where each plugin may read: the keys (with a leading /) of the plan's tables in its bucket. */
export function readablePrefixes(plan: Pick<Plan, 'tables' | 'output'>): Map<string, string[]> {
  const plugins = bucketPlugins(plan);
  const prefixes = new Map<string, string[]>();
  for (const table of Object.values(plan.tables)) {
    const where = parseS3Url(table.location);
    const plugin = where && plugins.get(where.bucket);
    if (!where || !plugin) continue;
    prefixes.set(plugin, [...(prefixes.get(plugin) ?? []), `/${where.key}`]);
  }
  return prefixes;
}

/** What one scan of a logical plan reads, or why it is refused. */
export function refusedScan(scan: LogicalOperator, readable: Map<string, string[]>): string | undefined {
  const plugin = scan.storageengine ?? '?';
  const prefixes = readable.get(plugin);
  if (!prefixes)
    return typeof scan.selection === 'string' ? `${plugin}.${scan.selection.toLowerCase()}` : plugin;
  const files = (scan.selection as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files) || files.length === 0) return `${plugin} (a scan that names no files)`;
  const outside = files.map(String).find((file) => !prefixes.some((prefix) => within(file, prefix)));
  return outside ? `${plugin}.${outside}` : undefined;
}

const within = (file: string, prefix: string) =>
  prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix || file.startsWith(`${prefix}/`);

/** Throws `QueryRefused` unless every scan Drill plans for `sql` reads the plan's tables. */
export async function checkQuery(
  base: string,
  plan: Pick<Plan, 'tables' | 'output'>,
  sql: string,
): Promise<void> {
  const query = sql.trim().replace(/;+\s*$/, '');
  const explained = await runStatement(
    base,
    `EXPLAIN PLAN WITHOUT IMPLEMENTATION FOR ${query}`,
    {},
    VIEWS_SCHEMA,
  );
  const text = explained.rows?.[0]?.json;
  if (typeof text !== 'string')
    throw new QueryRefused('drill gave no plan for the query: it runs only queries');
  const operators = (JSON.parse(text) as { query?: LogicalOperator[] }).query ?? [];
  const readable = readablePrefixes(plan);
  const tables = Object.keys(plan.tables).join(', ') || 'none';
  for (const scan of operators.filter((operator) => operator.op === 'scan')) {
    const refused = refusedScan(scan, readable);
    if (refused)
      throw new QueryRefused(`drill reads only the query's tables (${tables}); it refuses ${refused}`);
  }
}
