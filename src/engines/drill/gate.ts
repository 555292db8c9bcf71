/**
 * Drill's gate: Drill itself plans the query (`EXPLAIN PLAN FOR`, views expanded; the logical
 * plan cannot be written out for joins in Drill 1.22), and it runs only when every operator that
 * reads (a leaf of the plan) reads files of the plan's tables from their bucket, or is a VALUES
 * list. Refused: Drill's own schemas (`sys`, `INFORMATION_SCHEMA`), other objects of a table's
 * bucket (`s3_0.root.\`results/...\``), other buckets, and anything Drill cannot plan as a query
 * (another statement). Reads are matched however the name was written, so quoting, views and
 * table functions do not get around it.
 */
import { parseS3Url } from '../../aws/s3-url';
import type { Plan } from '../../plan/types';
import { QueryRefused } from '../errors';
import { VIEWS_SCHEMA } from './plugins';
import { runStatement } from './rest';

/** One operator of Drill's physical plan, as EXPLAIN writes it in JSON. */
export interface PhysicalOperator {
  pop: string;
  table?: string;
  files?: string[];
  entries?: { path: string }[];
  selectionRoot?: string;
  storage?: { connection?: string };
  [input: string]: unknown;
}

const INPUTS = ['child', 'left', 'right', 'children'];

/** The s3 URLs of the plan's tables: a folder's ends in `/`. */
const readable = (plan: Pick<Plan, 'tables'>) => Object.values(plan.tables).map((table) => table.location);

/** Why a leaf of the physical plan may not run, or undefined when it reads only the plan's tables. */
export function refusedRead(operator: PhysicalOperator, plan: Pick<Plan, 'tables'>): string | undefined {
  if (INPUTS.some((input) => input in operator) || operator.pop === 'Values') return undefined;
  const bucket = operator.storage?.connection?.replace(/^s3a:\/\//, '');
  const paths = [...(operator.files ?? []), ...(operator.entries ?? []).map((entry) => entry.path)];
  if (operator.selectionRoot) paths.push(operator.selectionRoot);
  if (!bucket || paths.length === 0) {
    const schema = operator.pop === 'info-schema' ? 'information_schema' : operator.pop;
    return operator.table ? `${schema}.${operator.table.toLowerCase()}` : schema;
  }
  const urls = paths.map((file) =>
    file.startsWith('s3a://') ? file.replace(/^s3a:/, 's3:') : `s3://${bucket}${file}`,
  );
  return urls.find((url) => !readable(plan).some((location) => within(url, location)));
}

function within(url: string, location: string): boolean {
  if (parseS3Url(url)?.bucket !== parseS3Url(location)?.bucket) return false;
  const prefix = location.replace(/\/+$/, '');
  return url === prefix || url.startsWith(`${prefix}/`);
}

/** Throws `QueryRefused` unless every read Drill plans for `sql` is of the plan's tables. */
export async function checkQuery(base: string, plan: Pick<Plan, 'tables'>, sql: string): Promise<void> {
  const query = sql.trim().replace(/;+\s*$/, '');
  const explained = await runStatement(base, `EXPLAIN PLAN FOR ${query}`, {}, VIEWS_SCHEMA);
  const text = explained.rows?.[0]?.json;
  if (typeof text !== 'string')
    throw new QueryRefused('drill gave no plan for the query: it runs only queries');
  const operators = (JSON.parse(text) as { graph?: PhysicalOperator[] }).graph ?? [];
  const tables = Object.keys(plan.tables).join(', ') || 'none';
  for (const operator of operators) {
    const refused = refusedRead(operator, plan);
    if (refused)
      throw new QueryRefused(`drill reads only the query's tables (${tables}); it refuses ${refused}`);
  }
}
