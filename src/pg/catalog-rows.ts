/**
 * The rows of metaq_pg and metaq_information_schema: the fixed ones (namespaces, types, the
 * database), and those of metaq's tables, with their columns' types as the PostgreSQL types their
 * results have (pgTypeOf: a VARCHAR column is text, DECIMAL(15,2) is numeric(15,2)).
 */
import type { CatalogEntry } from '../plan/catalog';
import {
  alignOf,
  DATABASE,
  DEFAULT_COLLATION,
  NAMESPACES,
  OWNER,
  type PgTypeName,
  systemRelationOids,
  typeDetails,
} from './catalog-relations';
import { PG, type PgType, pgTypeOf } from './pg-types';

type Value = string | number | boolean | null;
type Row = Record<string, Value>;

/** Rows to insert, by table (`metaq_pg.pg_class`). */
export type Rows = Record<string, Row[]>;

export function fixedRows(): Rows {
  return {
    'metaq_pg.pg_namespace': Object.entries(NAMESPACES).map(([nspname, oid]) => ({ oid, nspname })),
    'metaq_pg.pg_type': Object.entries(typeDetails).map(([typname, details]) => {
      const type = PG[typname as PgTypeName];
      const io = details.input.replace(/in$/, '');
      return {
        oid: type.oid,
        typname,
        typlen: type.size,
        typbyval: type.size > 0 && type.size <= 8,
        typcategory: details.category,
        typispreferred: details.preferred ?? false,
        typinput: details.input,
        typoutput: `${io}out`,
        typreceive: `${io}recv`,
        typsend: `${io}send`,
        typalign: alignOf(type.size),
        typstorage: details.storage ?? 'p',
        typcollation: type === PG.text ? DEFAULT_COLLATION : 0,
      };
    }),
    'metaq_pg.pg_roles': [{ oid: OWNER.oid, rolname: OWNER.name }],
    'metaq_pg.pg_am': [{ oid: 2, amname: 'heap', amhandler: 'heap_tableam_handler', amtype: 't' }],
    'metaq_pg.pg_database': [{ oid: 16_383, datname: DATABASE }],
    'metaq_pg.pg_tablespace': [
      { oid: 1663, spcname: 'pg_default' },
      { oid: 1664, spcname: 'pg_global' },
    ],
    'metaq_pg.pg_collation': [
      { oid: DEFAULT_COLLATION, collname: 'default', collprovider: 'd' },
      { oid: 950, collname: 'C', collprovider: 'c', collcollate: 'C', collctype: 'C' },
      { oid: 951, collname: 'POSIX', collprovider: 'c', collcollate: 'POSIX', collctype: 'POSIX' },
    ],
    'metaq_rows.system_relations': Object.entries(systemRelationOids).map(([name, oid]) => ({ oid, name })),
    'metaq_information_schema.schemata': Object.keys(NAMESPACES).map((schema_name) => ({
      catalog_name: DATABASE,
      schema_name,
      schema_owner: OWNER.name,
    })),
  };
}

/** The tables whose rows come from metaq's catalog: emptied and filled again when it changes. */
export const tableRelations = [
  'metaq_pg.pg_class',
  'metaq_pg.pg_attribute',
  'metaq_pg.pg_tables',
  'metaq_information_schema.tables',
  'metaq_information_schema.columns',
  'metaq_rows.table_bytes',
];

export function tableRows(entries: CatalogEntry[]): Rows {
  const rows: Rows = Object.fromEntries(tableRelations.map((relation) => [relation, []]));
  const oids = relationOids(entries.map((entry) => entry.name));
  for (const entry of entries) {
    const oid = oids.get(entry.name) as number;
    const columns = entry.columns ?? [];
    rows['metaq_pg.pg_class'].push({
      oid,
      relname: entry.name,
      relfilenode: oid,
      relnatts: columns.length,
      relpages: Math.ceil((entry.bytes ?? 0) / 8192),
    });
    rows['metaq_pg.pg_tables'].push({ tablename: entry.name });
    rows['metaq_information_schema.tables'].push({ ...where(entry.name), table_type: 'BASE TABLE' });
    rows['metaq_rows.table_bytes'].push({ oid, bytes: entry.bytes ?? null });
    for (const [index, column] of columns.entries()) {
      const type = pgTypeOf(column.type);
      const typmod = typmodOf(type, column.type);
      rows['metaq_pg.pg_attribute'].push({
        attrelid: oid,
        attname: column.name,
        atttypid: type.oid,
        attlen: type.size,
        attnum: index + 1,
        atttypmod: typmod,
        attbyval: type.size > 0 && type.size <= 8,
        attalign: alignOf(type.size),
        attstorage: typeDetails[nameOf(type)].storage ?? 'p',
        attcollation: type === PG.text ? DEFAULT_COLLATION : 0,
      });
      rows['metaq_information_schema.columns'].push({
        ...where(entry.name),
        column_name: column.name,
        ordinal_position: index + 1,
        data_type: typeDetails[nameOf(type)].sqlName,
        ...numbersOf(type, typmod),
        udt_catalog: DATABASE,
        udt_schema: 'pg_catalog',
        udt_name: nameOf(type),
        dtd_identifier: String(index + 1),
      });
    }
  }
  return rows;
}

/** `INSERT INTO x BY NAME`: columns that no row gives take the table's defaults, the others NULL where left out. */
export function insertStatements(rows: Rows): string[] {
  return Object.entries(rows)
    .filter(([, list]) => list.length > 0)
    .map(([relation, list]) => {
      const columns = [...new Set(list.flatMap((row) => Object.keys(row)))];
      const values = list.map(
        (row) => `(${columns.map((column) => literal(row[column] ?? null)).join(', ')})`,
      );
      return `INSERT INTO ${relation} BY NAME SELECT * FROM (VALUES ${values.join(', ')}) AS v(${columns.join(', ')})`;
    });
}

/**
 * A table's oid from its name, so that it stays the same while the catalog changes around it:
 * psql's `\d name` finds the oid with one query and reads the columns with the next.
 */
export function relationOids(names: string[]): Map<string, number> {
  const oids = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of [...names].sort()) {
    // FNV-1a, into the oids PostgreSQL gives user objects (16384 and up, below 2^31).
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(name)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    let oid = 16_384 + (hash % (2 ** 31 - 16_384));
    while (taken.has(oid)) oid = oid + 1 < 2 ** 31 ? oid + 1 : 16_384;
    taken.add(oid);
    oids.set(name, oid);
  }
  return oids;
}

function where(table: string): Row {
  return { table_catalog: DATABASE, table_schema: 'public', table_name: table };
}

function nameOf(type: PgType): PgTypeName {
  return (Object.keys(PG) as PgTypeName[]).find((name) => PG[name] === type) as PgTypeName;
}

/** numeric(p,s) keeps its precision and scale as PostgreSQL does: ((p << 16) | s) + 4. */
function typmodOf(type: PgType, duckdbType: string): number {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(duckdbType.trim());
  return type === PG.numeric && decimal ? ((Number(decimal[1]) << 16) | Number(decimal[2])) + 4 : -1;
}

/** information_schema.columns' precision columns, as PostgreSQL fills them for each type. */
function numbersOf(type: PgType, typmod: number): Row {
  const binary: Partial<Record<PgTypeName, number>> = {
    int2: 16,
    int4: 32,
    int8: 64,
    float4: 24,
    float8: 53,
  };
  const name = nameOf(type);
  if (binary[name] !== undefined)
    return {
      numeric_precision: binary[name],
      numeric_precision_radix: 2,
      numeric_scale: name.startsWith('int') ? 0 : null,
    };
  if (type === PG.numeric)
    return {
      numeric_precision: typmod >= 4 ? (typmod - 4) >> 16 : null,
      numeric_precision_radix: 10,
      numeric_scale: typmod >= 4 ? (typmod - 4) & 0xffff : null,
    };
  if (type === PG.date) return { datetime_precision: 0 };
  if (type === PG.time || type === PG.timestamp || type === PG.timestamptz) return { datetime_precision: 6 };
  if (type === PG.text) return { character_octet_length: 1_073_741_824 };
  return {};
}

function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}
