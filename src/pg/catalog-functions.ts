/**
 * pg_catalog's functions that psql and BI tools call, as DuckDB macros over metaq_pg's tables.
 * DuckDB has some of them in its own pg_catalog, but over DuckDB's type and table oids
 * (format_type(20, -1) is 'timestamp_ns' there), so those are declared again; the rest of
 * DuckDB's (pg_table_is_visible, has_table_privilege, pg_type_is_visible) answer right as they are.
 * The functions on objects metaq does not have (views, constraints, functions, indexes) give NULL.
 */
import { DATABASE, OWNER, type PgTypeName, typeDetails } from './catalog-relations';
import { PG } from './pg-types';

const sqlNames = Object.entries(typeDetails)
  .map(([name, type]) => `WHEN ${PG[name as PgTypeName].oid} THEN '${type.sqlName}'`)
  .join(' ');

/** metaq's tables and pg_catalog's own, which tools name as 'pg_class'::regclass. */
const relations =
  '(SELECT oid, relname FROM metaq_pg.pg_class UNION ALL SELECT oid, name FROM metaq_rows.system_relations)';

/** `name(params) AS body`, overloads separated by `, (params) AS body`, as CREATE MACRO takes them. */
export const macros: Record<string, string> = {
  format_type: `(type_oid, typmod) AS CASE WHEN type_oid IS NOT NULL THEN
    coalesce(CASE type_oid ${sqlNames} END, '???')
    || CASE WHEN type_oid = ${PG.numeric.oid} AND typmod >= 4
      THEN '(' || ((typmod - 4) >> 16) || ',' || ((typmod - 4) & 65535) || ')' ELSE '' END END`,
  pg_get_userbyid: `(role) AS CASE WHEN role = ${OWNER.oid} THEN '${OWNER.name}' ELSE 'unknown (OID=' || role || ')' END`,
  pg_encoding_to_char: `(encoding) AS CASE WHEN encoding = 6 THEN 'UTF8' ELSE '' END`,
  current_database: `() AS '${DATABASE}'`,
  current_catalog: `() AS '${DATABASE}'`,
  // The connected user, set for each query's connection (catalog.ts); catalog-rewrite.ts calls them.
  current_user: "() AS getvariable('metaq_user')",
  session_user: "() AS getvariable('metaq_user')",
  current_schema: `() AS 'public'`,
  // search_path as PostgreSQL's default has it: metaq's tables are all in public.
  current_setting: `(setting) AS CASE WHEN lower(setting) = 'search_path' THEN '"$user", public'
    ELSE error('current_setting(''' || setting || ''') is not answered in a catalog query: SHOW ' || setting) END`,
  current_schemas: `(implicit) AS CASE WHEN implicit THEN ['pg_catalog', 'public'] ELSE ['public'] END`,
  // In FROM (Grafana's table list reads the search_path so); DuckDB's own answers in expressions.
  string_to_array: '(str, sep) AS TABLE SELECT string_split(str, sep) AS string_to_array',
  quote_ident: `(name) AS CASE WHEN regexp_full_match(name, '[a-z_][a-z0-9_$]*') THEN name
    ELSE '"' || replace(name, '"', '""') || '"' END`,
  // PostgreSQL's arrays start at 1 unless told otherwise, as DuckDB's lists do.
  array_upper: '(arr, dim) AS CASE WHEN dim = 1 AND len(arr) > 0 THEN len(arr) END',
  array_lower: '(arr, dim) AS CASE WHEN dim = 1 AND len(arr) > 0 THEN 1 END',
  // The size of the table's files, as the catalog has it.
  pg_table_size: '(rel) AS (SELECT bytes FROM metaq_rows.table_bytes WHERE oid = rel)',
  pg_database_size: '(db) AS (SELECT sum(bytes)::BIGINT FROM metaq_rows.table_bytes)',
  pg_tablespace_location: "(spc) AS ''",
  pg_statistics_obj_is_visible: '(stat) AS true',
  pg_total_relation_size: '(rel) AS metaq_pg.pg_table_size(rel)',
  pg_relation_size: '(rel) AS metaq_pg.pg_table_size(rel), (rel, fork) AS metaq_pg.pg_table_size(rel)',
  // PostgreSQL's units and rounding: bytes below 10 kB, then halves rounded up, kB to PB.
  pg_size_pretty: `(size) AS CASE
    WHEN abs(size) < 10240 THEN size || ' bytes'
    WHEN abs(size >> 9) < 20479 THEN ((size >> 9) + 1) // 2 || ' kB'
    WHEN abs(size >> 19) < 20479 THEN ((size >> 19) + 1) // 2 || ' MB'
    WHEN abs(size >> 29) < 20479 THEN ((size >> 29) + 1) // 2 || ' GB'
    WHEN abs(size >> 39) < 20479 THEN ((size >> 39) + 1) // 2 || ' TB'
    ELSE ((size >> 49) + 1) // 2 || ' PB' END`,
  // metaq's tables and columns have no comments.
  obj_description: '(id) AS NULL::VARCHAR, (id, catalog) AS NULL::VARCHAR',
  col_description: '(id, col) AS NULL::VARCHAR',
  shobj_description: '(id, catalog) AS NULL::VARCHAR',
  pg_get_expr: '(expr, rel) AS NULL::VARCHAR, (expr, rel, pretty) AS NULL::VARCHAR',
  pg_get_constraintdef: '(con) AS NULL::VARCHAR, (con, pretty) AS NULL::VARCHAR',
  pg_get_viewdef: '(view) AS NULL::VARCHAR, (view, pretty) AS NULL::VARCHAR',
  pg_get_indexdef: '(ind) AS NULL::VARCHAR, (ind, col, pretty) AS NULL::VARCHAR',
  pg_get_triggerdef: '(trig) AS NULL::VARCHAR, (trig, pretty) AS NULL::VARCHAR',
  pg_get_ruledef: '(rule) AS NULL::VARCHAR, (rule, pretty) AS NULL::VARCHAR',
  pg_get_function_result: '(fn) AS NULL::VARCHAR',
  pg_get_function_arguments: '(fn) AS NULL::VARCHAR',
  pg_get_function_identity_arguments: '(fn) AS NULL::VARCHAR',
  pg_get_partkeydef: '(rel) AS NULL::VARCHAR',
  pg_get_statisticsobjdef_columns: '(stat) AS NULL::VARCHAR',
  pg_get_serial_sequence: '(rel, col) AS NULL::VARCHAR',
  pg_relation_is_publishable: '(rel) AS false',
  // `x::regclass` (catalog-rewrite.ts): an oid shows as the name, a name is looked up as the oid.
  regclass_name: `(id) AS coalesce((SELECT relname FROM ${relations} WHERE oid = id), CAST(id AS VARCHAR))`,
  regclass_oid: `(id) AS ${lookup(relations, 'relname', 'relation')}`,
  regtype_name: '(id) AS metaq_pg.format_type(id, NULL)',
  regtype_oid: `(id) AS ${lookup('metaq_pg.pg_type', 'typname', 'type')}`,
  regnamespace_name:
    '(id) AS coalesce((SELECT nspname FROM metaq_pg.pg_namespace WHERE oid = id), CAST(id AS VARCHAR))',
  regnamespace_oid: `(id) AS ${lookup('metaq_pg.pg_namespace', 'nspname', 'schema')}`,
  regrole_name: '(id) AS metaq_pg.pg_get_userbyid(id)',
  regrole_oid: `(id) AS CASE WHEN id = '${OWNER.name}' THEN ${OWNER.oid} ELSE CAST(error('role "' || id || '" does not exist') AS BIGINT) END`,
};

/** An oid as digits, or a name (without its schema or quotes), as PostgreSQL reads a reg* literal. */
function lookup(table: string, column: string, what: string): string {
  const name = `lower(trim(regexp_replace(id, '^.*\\.', ''), '"'))`;
  return `CASE WHEN regexp_full_match(id, '[0-9]+') THEN CAST(id AS BIGINT)
    ELSE coalesce((SELECT oid FROM ${table} WHERE ${column} = ${name}),
      CAST(error('${what} "' || id || '" does not exist') AS BIGINT)) END`;
}
