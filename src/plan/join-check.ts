/**
 * Refuses, at Optimize, a join the engine cannot plan (its traits' `equiJoinsOnly`): two tables of
 * one FROM that no equality at the top of the WHERE or ON joins. TPC-H Q19 is the case: its
 * `p_partkey = l_partkey` stands inside each of three ORs, and Drill answers "This query cannot be
 * planned possibly due to either a cartesian join or an inequality join" after its cluster started.
 * Only tables whose columns are known are looked at; anything unclear is let through.
 */
import { Parser } from 'node-sql-parser/build/postgresql';
import { engineTraits } from '../engines/registry';
import { UnsupportedByEngine } from './errors';
import type { EngineName, TableRef } from './types';

const parser = new Parser();

// biome-ignore lint/suspicious/noExplicitAny: node-sql-parser's AST is untyped JSON.
type Node = any;

/** The first pair of tables of one FROM that only a cartesian join would combine, or undefined. */
export function unjoinedTables(sql: string, tables: Record<string, TableRef>): [string, string] | undefined {
  let ast: Node;
  try {
    ast = parser.astify(sql, { database: 'PostgresQL' });
  } catch {
    return undefined;
  }
  const found: [string, string][] = [];
  visit(ast, (select) => {
    const pair = unjoinedIn(select, tables);
    if (pair) found.push(pair);
  });
  return found[0];
}

export function assertJoinsPlannable(
  sql: string,
  tables: Record<string, TableRef>,
  engine: EngineName,
): void {
  if (!engineTraits(engine).equiJoinsOnly) return;
  const pair = unjoinedTables(sql, tables);
  if (!pair) return;
  throw new UnsupportedByEngine(
    engine,
    `the join of ${pair[0]} and ${pair[1]}`,
    'no equality between their columns stands on its own in the WHERE or ON (inside an OR it does not count), and it plans no other join',
    'Write the join condition once, outside the ORs (WHERE p_partkey = l_partkey AND (... OR ...)), or run it on another engine',
  );
}

/** Every SELECT of the query, subqueries and CTEs included. */
function visit(node: Node, onSelect: (select: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, onSelect);
    return;
  }
  if (node.type === 'select' && Array.isArray(node.from)) onSelect(node);
  for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value, onSelect);
}

/** Tables of this FROM (base tables with known columns only), grouped by top-level equalities. */
function unjoinedIn(select: Node, tables: Record<string, TableRef>): [string, string] | undefined {
  const relations: { alias: string; table: string; columns: Set<string> }[] = [];
  for (const item of select.from) {
    if (/NATURAL/i.test(String(item.join ?? ''))) return undefined;
    const table = typeof item.table === 'string' ? item.table.toLowerCase() : undefined;
    const columns = table ? tables[table]?.columns : undefined;
    // A derived table, a CTE or a table function: its columns are not known here, so nothing is said.
    if (!table || !columns || item.expr) return undefined;
    relations.push({
      alias: String(item.as ?? table).toLowerCase(),
      table,
      columns: new Set(columns.map((column) => column.name.toLowerCase())),
    });
  }
  if (relations.length < 2) return undefined;
  const group = relations.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : root(group[i]));
  const owner = (ref: Node): number | undefined => {
    const name = String(ref.column?.expr?.value ?? ref.column).toLowerCase();
    const qualifier = typeof ref.table === 'string' ? ref.table.toLowerCase() : undefined;
    const matches = relations
      .map((relation, i) => ({ relation, i }))
      .filter(({ relation }) => (qualifier ? relation.alias === qualifier : relation.columns.has(name)));
    return matches.length === 1 ? matches[0].i : undefined;
  };
  select.from.forEach((item: Node, i: number) => {
    for (const column of item.using ?? []) {
      const name = String(column?.value ?? column).toLowerCase();
      for (let j = 0; j < i; j++) if (relations[j].columns.has(name)) group[root(i)] = root(j);
    }
  });
  const conditions = [select.where, ...select.from.map((item: Node) => item.on)];
  for (const equality of conditions.flatMap(conjuncts)) {
    if (equality?.type !== 'binary_expr' || equality.operator !== '=') continue;
    const sides = [columnRefs(equality.left), columnRefs(equality.right)];
    if (sides.some((refs) => refs.length === 0)) continue;
    const owners = sides.flat().map(owner);
    // A column of an outer query, or one it cannot place: the tables may well be joined.
    if (owners.includes(undefined)) return undefined;
    for (const i of owners as number[]) group[root(i)] = root(owners[0] as number);
  }
  const apart = relations.findIndex((_, i) => root(i) !== root(0));
  return apart === -1 ? undefined : [relations[0].table, relations[apart].table];
}

function columnRefs(node: Node): Node[] {
  if (!node || typeof node !== 'object') return [];
  if (node.type === 'column_ref') return [node];
  if (node.ast) return [];
  return Object.values(node).flatMap(columnRefs);
}

function conjuncts(node: Node): Node[] {
  if (!node) return [];
  if (node.type === 'binary_expr' && node.operator === 'AND')
    return [...conjuncts(node.left), ...conjuncts(node.right)];
  return [node];
}
