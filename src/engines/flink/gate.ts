/**
 * Flink's gate: the text must be a query (anything else — ADD JAR, CREATE FUNCTION, SET, a
 * CREATE TABLE over another path — is refused before Flink sees it), and Flink's own plan of it
 * (EXPLAIN, views expanded) may scan only the query's tables. Table hints that point a table
 * elsewhere (`/*+ OPTIONS('path' = ...) *\/`) are off in the configuration; Flink's refusal of one
 * is a refusal too. The same plan says whether the query orders its rows.
 */
import { QueryRefused } from '../errors';
import { FlinkQueryFailed } from './errors';
import type { FlinkSession } from './gateway';
import { csvTextTable } from './tables';

const refused = (tables: string[], what: string) =>
  new QueryRefused(
    `flink reads only the query's tables (${tables.join(', ') || 'none'}); it refuses ${what}`,
  );

/** The first word of the text after comments and parentheses. */
export function leadingKeyword(sql: string): string {
  const text = sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()+/, '');
  return (/^[A-Za-z]+/.exec(text)?.[0] ?? text.slice(0, 20)).toUpperCase();
}

/** Every table a plan's tree scans, by its name in the default catalog and database. */
export function tablesScanned(plan: string): string[] {
  return [...plan.matchAll(/(?:TableScan|TableSourceScan)\(table=\[\[([^\]]*)\]/g)].map((match) => {
    const parts = match[1].split(',').map((part) => part.trim());
    return parts.slice(0, 3).join('.');
  });
}

/** Whether the plan's abstract syntax tree sorts under its root (projections aside). */
export function isOrdered(plan: string): boolean {
  const tree = plan.split('== Optimized')[0].split('\n').slice(1);
  for (const line of tree) {
    const node = /^[\s|+-]*(Logical[A-Za-z]+)\((.*)$/.exec(line);
    if (!node) continue;
    if (node[1] === 'LogicalSink' || node[1] === 'LogicalProject') continue;
    return node[1] === 'LogicalSort' && node[2].includes('sort0=');
  }
  return false;
}

/** A key of the query's sort: one of its columns, by position, and the order (`ASC NULLS FIRST`). */
export interface SortKey {
  column: number;
  order: string;
}

/**
 * The keys of a sort at the plan's root, when it sorts by columns the query returns (a sort by
 * anything else has a projection above it: undefined then). The plan names the NULLs' place only
 * when it is not Calcite's default for the direction (RelFieldCollation: ASC last, DESC first).
 */
export function sortKeys(plan: string): SortKey[] | undefined {
  const root = plan
    .split('== Optimized')[0]
    .split('\n')
    .map((line) => /^[\s|+-]*(Logical[A-Za-z]+)\((.*)$/.exec(line))
    .find((node) => node && node[1] !== 'LogicalSink');
  if (root?.[1] !== 'LogicalSort') return undefined;
  const directions = new Map(
    [...root[2].matchAll(/dir(\d+)=\[(ASC|DESC)(?:-nulls-(first|last))?\]/g)].map((match) => [
      match[1],
      `${match[2]} NULLS ${match[3]?.toUpperCase() ?? (match[2] === 'ASC' ? 'LAST' : 'FIRST')}`,
    ]),
  );
  const keys = [...root[2].matchAll(/sort(\d+)=\[\$(\d+)\]/g)].map((match) => ({
    column: Number(match[2]),
    order: directions.get(match[1]),
  }));
  if (keys.length === 0 || keys.some((key) => key.order === undefined)) return undefined;
  return keys as SortKey[];
}

/** How the query orders its rows: whether it sorts under its root, and by which of its columns if it can tell. */
export interface QueryOrder {
  ordered: boolean;
  keys?: SortKey[];
}

/** Checks the query and returns how it orders its rows. */
export async function checkQuery(
  session: FlinkSession,
  tables: string[],
  query: string,
): Promise<QueryOrder> {
  const keyword = leadingKeyword(query);
  if (!['SELECT', 'WITH', 'VALUES'].includes(keyword))
    throw refused(tables, `a ${keyword} statement: send one query`);
  let plan: string;
  try {
    plan = String((await session.run(`EXPLAIN ${query}`)).rows[0]?.[0] ?? '');
  } catch (error) {
    if (error instanceof FlinkQueryFailed && /OPTIONS' hint|dynamic-table-options/i.test(error.message))
      throw refused(tables, `table options in hints: ${error.message}`);
    throw error;
  }
  const own = new Set(
    tables
      .flatMap((name) => [name, csvTextTable(name)])
      .map((name) => `default_catalog.default_database.${name}`),
  );
  const other = tablesScanned(plan).find((table) => !own.has(table));
  if (other) throw refused(tables, other);
  return { ordered: isOrdered(plan), keys: sortKeys(plan) };
}

interface PlanNode {
  id: number;
  contents: string;
  pact: string;
  parallelism: number;
  predecessors?: { id: number; ship_strategy: string }[];
}

/**
 * Whether Flink's execution plan (EXPLAIN JSON_EXECUTION_PLAN, the JSON after its heading) feeds
 * the one writer from the sort through one stream: parallelism 1 and FORWARD edges all the way.
 */
export function writesInOrder(explained: string): boolean {
  const json = explained.slice(explained.indexOf('{', explained.indexOf('== Physical Execution Plan ==')));
  let nodes: PlanNode[];
  try {
    nodes = (JSON.parse(json) as { nodes: PlanNode[] }).nodes;
  } catch {
    return false;
  }
  let node = nodes.find((candidate) => candidate.pact === 'Data Sink');
  while (node && node.parallelism === 1) {
    if (/^\[\d+\]:(Sort|SortLimit|Limit)\(/.test(node.contents)) return true;
    const edges = node.predecessors ?? [];
    if (edges.length !== 1 || edges[0].ship_strategy !== 'FORWARD') return false;
    node = nodes.find((candidate) => candidate.id === edges[0].id);
  }
  return false;
}
