/**
 * psql's `\dt` and `\d`, and the table and column lists of BI tools, answered from metaq's
 * catalog without an engine. A DuckDB of the server's own holds pg_catalog and information_schema
 * as tables (catalog-relations.ts), filled from the catalog again whenever it has changed, so a
 * table added with `metaq tables add` shows in the next query; the client's query, rewritten where
 * DuckDB reads PostgreSQL's SQL otherwise (catalog-rewrite.ts), runs on them. This DuckDB reads no
 * files and runs each query in a read-only transaction: a client reaches the catalog and nothing else.
 */
import { type DuckDBConnection, DuckDBInstance, DuckDBListValue, type DuckDBValue } from '@duckdb/node-api';
import { type CatalogEntry, listTables } from '../plan/catalog';
import { macros } from './catalog-functions';
import { informationRelations, pgRelations, typeAliases } from './catalog-relations';
import { type CatalogNames, rewriteCatalogQuery } from './catalog-rewrite';
import { fixedRows, insertStatements, tableRelations, tableRows } from './catalog-rows';
import { CatalogUnreadable, NotSupported } from './errors';
import { commandComplete, dataRow, type FieldDescription, rowDescription } from './messages';
import { pgText, pgTypeOf } from './pg-types';

export interface CatalogAnswer {
  fields: FieldDescription[];
  rows: (string | null)[][];
}

const names: CatalogNames = {
  pg: new Set([...Object.keys(pgRelations), ...Object.keys(macros), ...Object.keys(typeAliases)]),
  information: new Set(Object.keys(informationRelations)),
};

/** A catalog query is a few thousand rows at most: longer means a query that will not end (pg_sleep, a cross join). */
const TIMEOUT_MS = 10_000;

export class PgCatalog {
  private database?: Promise<DuckDBInstance>;
  /** The catalog the tables were last filled from, and the fill under way: one at a time. */
  private filledFrom?: string;
  private filling: Promise<void> = Promise.resolve();

  constructor(
    private readonly tables: () => Promise<CatalogEntry[]> = listTables,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  async answer(text: string, user: string): Promise<CatalogAnswer> {
    const sql = rewriteCatalogQuery(text, names);
    const connection = await (await this.filled()).connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, this.timeoutMs);
    try {
      // Per connection: pg_class without pg_catalog. is metaq's too.
      await connection.run("SET search_path = 'metaq_pg'");
      await connection.run(`SET VARIABLE metaq_user = '${user.replaceAll("'", "''")}'`);
      await connection.run('BEGIN TRANSACTION READ ONLY');
      const result = await connection.runAndReadAll(sql);
      const types = result.columnTypes().map((type) => pgTypeOf(String(type)));
      return {
        fields: result.columnNames().map((name, i) => ({
          name: columnName(name),
          typeOid: types[i].oid,
          typeSize: types[i].size,
        })),
        rows: result.getRows().map((row) => row.map((value, i) => pgText(arrayText(value), types[i]))),
      };
    } catch (error) {
      const reason = timedOut ? `it ran longer than ${this.timeoutMs / 1000} s` : (error as Error).message;
      throw new NotSupported(
        `metaq answers pg_catalog and information_schema from its catalog of tables, and could not answer this query: ${reason}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      connection.closeSync();
    }
  }

  close(): void {
    this.database?.then((database) => database.closeSync()).catch(() => undefined);
    this.database = undefined;
  }

  private async filled(): Promise<DuckDBInstance> {
    this.database ??= create();
    const database = await this.database;
    const entries = await this.tables().catch((error) => {
      throw new CatalogUnreadable(`metaq's catalog of tables could not be read: ${error.message}`, {
        cause: error,
      });
    });
    const key = JSON.stringify(entries.map((entry) => [entry.name, entry.bytes, entry.columns]));
    const fill = this.filling.then(async () => {
      if (this.filledFrom === key) return;
      await inTransaction(database, [
        ...tableRelations.map((relation) => `DELETE FROM ${relation}`),
        ...insertStatements(tableRows(entries)),
      ]);
      this.filledFrom = key;
    });
    this.filling = fill.catch(() => undefined);
    await fill;
    return database;
  }
}

/** One per process, made by the first catalog query: the server's sessions share it. */
let shared: PgCatalog | undefined;

function sharedCatalog(): PgCatalog {
  shared ??= new PgCatalog();
  return shared;
}

/** A catalog query's columns and rows, from the server's one catalog. */
export function catalogAnswer(text: string, user: string): Promise<CatalogAnswer> {
  return sharedCatalog().answer(text, user);
}

/** The messages of a catalog query's answer, for a session (without ReadyForQuery). */
export async function answerCatalog(
  text: string,
  user: string,
  catalog = sharedCatalog(),
): Promise<Buffer[]> {
  const { fields, rows } = await catalog.answer(text, user);
  return [
    rowDescription(fields),
    ...rows.map((row) => dataRow(row)),
    commandComplete(`SELECT ${rows.length}`),
  ];
}

async function create(): Promise<DuckDBInstance> {
  const database = await DuckDBInstance.create(':memory:', {
    enable_external_access: 'false',
    threads: '1',
    memory_limit: '256MB',
  });
  const statements = [
    'CREATE SCHEMA metaq_pg',
    'CREATE SCHEMA metaq_information_schema',
    // What the macros read that PostgreSQL keeps elsewhere: out of the client's reach by name.
    'CREATE SCHEMA metaq_rows',
    'CREATE TABLE metaq_rows.table_bytes (oid BIGINT, bytes BIGINT)',
    'CREATE TABLE metaq_rows.system_relations (oid BIGINT, name VARCHAR)',
    ...Object.entries(typeAliases).map(([alias, type]) => `CREATE TYPE metaq_pg.${alias} AS ${type}`),
    "SET search_path = 'metaq_pg'",
    ...Object.entries(pgRelations).map(([name, columns]) => `CREATE TABLE metaq_pg.${name} (${columns})`),
    ...Object.entries(informationRelations).map(
      ([name, columns]) => `CREATE TABLE metaq_information_schema.${name} (${columns})`,
    ),
    ...Object.entries(macros).map(([name, body]) => `CREATE MACRO metaq_pg.${name}${body}`),
    ...insertStatements(fixedRows()),
  ];
  try {
    await inTransaction(database, statements);
  } catch (error) {
    database.closeSync();
    throw error;
  }
  return database;
}

async function inTransaction(database: DuckDBInstance, statements: string[]): Promise<void> {
  const connection: DuckDBConnection = await database.connect();
  try {
    await connection.run('BEGIN TRANSACTION');
    for (const statement of statements) await connection.run(statement);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.closeSync();
  }
}

/**
 * A column without an alias named as PostgreSQL names it, not as DuckDB does: a call after its
 * function (format_type, count), a cast after what it casts or else its type, a literal ?column?.
 */
function columnName(name: string): string {
  const cast = /^CAST\((.*) AS ([\w ]+)\)$/s.exec(name);
  if (cast) {
    const inner = columnName(cast[1]);
    return inner === '?column?' ? cast[2].toLowerCase() : inner;
  }
  const reg = /^metaq_pg\.(reg\w+)_(name|oid)\((.*)\)$/s.exec(name);
  if (reg) return reg[2] === 'oid' ? reg[1] : columnName(reg[3]);
  const call = /^(?:\w+\.)*"?(\w+)"?\(/.exec(name);
  if (call) return call[1] === 'count_star' ? 'count' : call[1];
  if (/^'.*'$|^-?\d/s.test(name)) return '?column?';
  return /^(?:\w+\.)+(\w+)$/.exec(name)?.[1] ?? name;
}

/** A list in PostgreSQL's array text, `{pg_catalog,public}`, as its array columns are sent. */
function arrayText(value: DuckDBValue): unknown {
  if (!(value instanceof DuckDBListValue)) return value;
  const items = value.items.map((item) => {
    if (item === null) return 'NULL';
    const text = String(arrayText(item));
    return /^$|[{},"\\\s]|^null$/i.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
  });
  return `{${items.join(',')}}`;
}
