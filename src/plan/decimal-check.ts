/**
 * Refuses, at Optimize, a query whose DECIMAL arithmetic the engine would round (its traits'
 * `decimals`): the optimizer follows the types of the query's expressions from the tables' columns,
 * through subqueries, CTEs and aggregates, with the engine's own rules, and names the first
 * expression that keeps fewer decimals than its answer has. What it cannot type it lets through.
 */
import { Parser } from 'node-sql-parser/build/postgresql';
import { autoEngines, engineTraits } from '../engines/registry';
import type { DecimalOperator, DecimalRules, DecimalType } from '../engines/types';
import { UnsupportedByEngine } from './errors';
import { approximate, asDecimal, decimal, literalType, namedType, type SqlType, unified } from './sql-types';
import type { EngineName, TableRef } from './types';

const parser = new Parser();
const DIALECT = { database: 'PostgresQL' };

// biome-ignore lint/suspicious/noExplicitAny: node-sql-parser's AST is untyped JSON.
type Node = any;
type Columns = Map<string, SqlType | undefined>;
interface Scope {
  relations: { names: string[]; columns: Columns }[];
  outer?: Scope;
}

export interface DecimalLoss {
  expression: string;
  operands: [DecimalType, DecimalType];
  result: DecimalType;
  needs: number;
}

/** The first expression of `sql` whose DECIMAL result the engine rounds, or undefined. */
export function decimalLoss(
  sql: string,
  tables: Record<string, TableRef>,
  rules: DecimalRules,
): DecimalLoss | undefined {
  let ast: Node;
  try {
    ast = parser.astify(sql, DIALECT);
  } catch {
    return undefined; // A dialect this parser does not read: the engine's own checks stand.
  }
  const found: DecimalLoss[] = [];
  const typer = new Typer(tables, rules, (loss) => found.push(loss));
  for (const statement of Array.isArray(ast) ? ast : [ast]) typer.select(statement, undefined, new Map());
  return found[0];
}

/** Throws `UnsupportedByEngine` when the engine declares DECIMAL rules and this query's arithmetic breaks them. */
export function assertDecimalsExact(sql: string, tables: Record<string, TableRef>, engine: EngineName): void {
  const rules = engineTraits(engine).decimals;
  const loss = rules && decimalLoss(sql, tables, rules);
  if (!loss) return;
  // The engines `auto` chooses run every TPC-H query as written (bench/README.md).
  const others = Object.values(autoEngines).filter((name) => !engineTraits(name).decimals);
  const [a, b] = loss.operands.map(show);
  throw new UnsupportedByEngine(
    engine,
    `the DECIMAL arithmetic ${loss.expression}`,
    `it computes ${a} and ${b} as ${show(loss.result)}, keeping ${loss.result.scale} of the ${loss.needs} decimals the result needs (its DECIMALs hold 38 digits in all), so the answer would be rounded`,
    `Run it on ${others.join(' or ')} (--engine), or CAST the operands AS DOUBLE where an approximate answer will do`,
  );
}

const show = (type: DecimalType) => `DECIMAL(${type.precision}, ${type.scale})`;

const ARITHMETIC = new Set(['+', '-', '*', '/']);
const AGGREGATES = new Set(['SUM', 'AVG', 'MIN', 'MAX']);
const lower = (name: unknown) => String(name).toLowerCase();

class Typer {
  constructor(
    private readonly tables: Record<string, TableRef>,
    private readonly rules: DecimalRules,
    private readonly report: (loss: DecimalLoss) => void,
  ) {}

  /** Checks a SELECT (and its UNION partners) and returns its output columns' types. */
  select(node: Node, outer: Scope | undefined, ctes: Map<string, Columns>): Columns {
    const known = new Map(ctes);
    for (const cte of node?.with ?? []) {
      const columns = this.select(cte.stmt?.ast ?? cte.stmt, outer, known);
      const names: string[] = (cte.columns ?? []).map((column: Node) => this.columnName(column));
      known.set(lower(cte.name?.value ?? cte.name), names.length ? rename(columns, names) : columns);
    }
    const scope: Scope = { relations: [], outer };
    for (const item of node?.from ?? []) {
      const alias = item.as ? [lower(item.as)] : [];
      if (item.expr?.ast)
        scope.relations.push({ names: alias, columns: this.select(item.expr.ast, outer, known) });
      else if (item.table) {
        const name = lower(item.table);
        scope.relations.push({
          names: [...alias, name],
          columns: known.get(name) ?? this.tableColumns(name),
        });
      }
    }
    for (const item of node?.from ?? []) if (item.on) this.type(item.on, scope);
    const outputs: Columns = new Map();
    for (const [index, column] of (node?.columns ?? []).entries()) {
      if (column.expr?.type === 'column_ref' && column.expr.column === '*') {
        for (const relation of scope.relations)
          for (const [name, type] of relation.columns) outputs.set(name, type);
        continue;
      }
      const type = this.type(column.expr, scope);
      const name =
        column.as ?? (column.expr?.type === 'column_ref' ? this.columnName(column.expr) : undefined);
      // An unnamed output keeps its place: a CTE's column list names it by position.
      outputs.set(name ? lower(name) : `#${index}`, type);
    }
    // HAVING and ORDER BY may name the outputs by their aliases.
    const withOutputs: Scope = { relations: [...scope.relations, { names: [], columns: outputs }], outer };
    this.type(node?.where, scope);
    for (const item of node?.groupby?.columns ?? []) this.type(item, withOutputs);
    this.type(node?.having, withOutputs);
    for (const item of node?.orderby ?? []) this.type(item.expr, withOutputs);
    if (node?._next) this.select(node._next, outer, known);
    return outputs;
  }

  private tableColumns(name: string): Columns {
    const table = this.tables[name];
    const decimals = table ? this.rules.formats.includes(table.format) : false;
    return new Map(
      (table?.columns ?? []).map((column) => [lower(column.name), namedType(column.type, decimals)]),
    );
  }

  private columnName(ref: Node): string {
    const column = ref?.column ?? ref;
    return lower(typeof column === 'string' ? column : (column?.expr?.value ?? column?.value));
  }

  private resolve(ref: Node, scope: Scope | undefined): SqlType | undefined {
    const name = this.columnName(ref);
    const table = ref.table ? lower(typeof ref.table === 'string' ? ref.table : ref.table.value) : undefined;
    for (let level = scope; level; level = level.outer)
      for (const relation of level.relations)
        if ((!table || relation.names.includes(table)) && relation.columns.has(name))
          return relation.columns.get(name);
    return undefined;
  }

  /** An expression's type; checks every arithmetic inside it on the way. */
  type(node: Node, scope: Scope): SqlType | undefined {
    if (!node || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      for (const item of node) this.type(item, scope);
      return undefined;
    }
    if (node.ast) {
      const columns = this.select(node.ast, scope, new Map());
      return columns.size === 1 ? [...columns.values()][0] : undefined;
    }
    switch (node.type) {
      case 'number':
        return literalType(node.value);
      case 'column_ref':
        return this.resolve(node, scope);
      case 'binary_expr': {
        const [left, right] = [this.type(node.left, scope), this.type(node.right, scope)];
        return ARITHMETIC.has(node.operator) ? this.arithmetic(node, left, right) : undefined;
      }
      case 'unary_expr': {
        const operand = this.type(node.expr, scope);
        return node.operator === '-' ? operand : undefined;
      }
      case 'aggr_func':
        return this.aggregate(String(node.name).toUpperCase(), this.type(node.args?.expr, scope));
      case 'case':
        this.type(node.expr, scope);
        return unified((node.args ?? []).map((branch: Node) => this.branch(branch, scope)));
      case 'cast':
        this.type(node.expr, scope);
        return castType(node.target?.[0]);
      case 'function':
        return this.call(node, scope);
      default:
        for (const value of Object.values(node))
          if (value && typeof value === 'object') this.type(value, scope);
        return undefined;
    }
  }

  /** A WHEN's result type (its condition checked too), or the ELSE's. */
  private branch(branch: Node, scope: Scope): SqlType | undefined {
    this.type(branch.cond, scope);
    return this.type(branch.result, scope);
  }

  private call(node: Node, scope: Scope): SqlType | undefined {
    const name = lower(node.name?.name?.[0]?.value ?? node.name);
    const args: (SqlType | undefined)[] = (node.args?.value ?? []).map((arg: Node) => this.type(arg, scope));
    if (name === 'coalesce') return unified(args);
    if (name === 'abs') return args[0];
    if (name === 'round' && args[0]?.kind === 'decimal') {
      const digits = Number(node.args.value[1]?.value ?? 0);
      return decimal(args[0].precision - args[0].scale + digits, digits);
    }
    return undefined;
  }

  private aggregate(name: string, argument: SqlType | undefined): SqlType | undefined {
    if (name === 'COUNT') return { kind: 'integer', precision: 19 };
    if (!AGGREGATES.has(name) || !argument) return undefined;
    if (argument.kind === 'decimal')
      return { kind: 'decimal', ...this.rules.aggregate(name as 'SUM', argument) };
    if (argument.kind === 'integer') return name === 'AVG' ? approximate : { kind: 'integer', precision: 19 };
    return argument;
  }

  private arithmetic(node: Node, left?: SqlType, right?: SqlType): SqlType | undefined {
    if (!left || !right) return undefined;
    if (left.kind === 'approximate' || right.kind === 'approximate') return approximate;
    const [a, b] = [asDecimal(left), asDecimal(right)];
    if (!a || !b) return undefined;
    if (left.kind === 'integer' && right.kind === 'integer') return { kind: 'integer', precision: 19 };
    const { type, needs } = this.rules.arithmetic(node.operator as DecimalOperator, a, b);
    if (type.scale < needs) this.report({ expression: sqlOf(node), operands: [a, b], result: type, needs });
    return { kind: 'decimal', ...type };
  }
}

function castType(target: Node): SqlType | undefined {
  if (!target?.dataType) return undefined;
  const size =
    target.length === undefined
      ? ''
      : `(${target.length}${target.scale === undefined ? '' : `, ${target.scale}`})`;
  return namedType(`${target.dataType}${size}`);
}

function rename(columns: Columns, names: string[]): Columns {
  const types = [...columns.values()];
  return new Map(names.map((name, i) => [name, types[i]]));
}

function sqlOf(node: Node): string {
  try {
    return parser.exprToSQL(node, DIALECT);
  } catch {
    return `an expression with ${node.operator}`;
  }
}
