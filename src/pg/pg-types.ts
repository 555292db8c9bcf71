/**
 * A result column's type as a PostgreSQL type OID (pg_type.oid), and its values in PostgreSQL's
 * text format, so that drivers parse them into the same kinds of value as from PostgreSQL. The
 * types are DuckDB's names: the result files are read back through DuckDB (result-rows.ts).
 */

export interface PgType {
  oid: number;
  /** pg_type.typlen */
  size: number;
}

export const PG = {
  bool: { oid: 16, size: 1 },
  int8: { oid: 20, size: 8 },
  int2: { oid: 21, size: 2 },
  int4: { oid: 23, size: 4 },
  text: { oid: 25, size: -1 },
  float4: { oid: 700, size: 4 },
  float8: { oid: 701, size: 8 },
  date: { oid: 1082, size: 4 },
  time: { oid: 1083, size: 8 },
  timestamp: { oid: 1114, size: 8 },
  timestamptz: { oid: 1184, size: 8 },
  numeric: { oid: 1700, size: -1 },
  uuid: { oid: 2950, size: 16 },
} satisfies Record<string, PgType>;

const byName: Record<string, PgType> = {
  BOOLEAN: PG.bool,
  TINYINT: PG.int2,
  SMALLINT: PG.int2,
  UTINYINT: PG.int2,
  INTEGER: PG.int4,
  USMALLINT: PG.int4,
  BIGINT: PG.int8,
  UINTEGER: PG.int8,
  // Past int8's range: numeric holds them whole, as PostgreSQL would.
  UBIGINT: PG.numeric,
  HUGEINT: PG.numeric,
  UHUGEINT: PG.numeric,
  FLOAT: PG.float4,
  DOUBLE: PG.float8,
  DATE: PG.date,
  TIME: PG.time,
  TIMESTAMP: PG.timestamp,
  TIMESTAMP_S: PG.timestamp,
  TIMESTAMP_MS: PG.timestamp,
  TIMESTAMP_NS: PG.timestamp,
  'TIMESTAMP WITH TIME ZONE': PG.timestamptz,
  UUID: PG.uuid,
  VARCHAR: PG.text,
};

/** Anything else (lists, structs, blobs, intervals) goes as text: its text is DuckDB's, not PostgreSQL's. */
export function pgTypeOf(duckdbType: string): PgType {
  const name = duckdbType.trim().toUpperCase();
  if (name.startsWith('DECIMAL')) return PG.numeric;
  return byName[name] ?? PG.text;
}

/** One value in the text format; null stays null (sent as a NULL, not as text). */
export function pgText(value: unknown, type: PgType): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' && type === PG.float4) return shortestFloat4(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** A FLOAT arrives widened to a double (0.1 as 0.10000000149011612): PostgreSQL prints 0.1. */
function shortestFloat4(value: number): string {
  if (!Number.isFinite(value)) return pgText(value, PG.float8) as string;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}
