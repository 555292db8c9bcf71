import { decimalValue } from '../preview-values';

/**
 * A preview value from DuckDB's JS value, but a DECIMAL from its exact text (`raw`, DuckDB's own
 * value): as JS, DuckDB gives a DECIMAL as the nearest double, whatever its size.
 */
export function previewValue(value: unknown, raw: unknown, type: string): unknown {
  if (type.startsWith('DECIMAL') && raw !== null && raw !== undefined) return decimalValue(String(raw));
  return jsonValue(value, type);
}

/** DuckDB values made JSON-safe for previews: numbers stay numbers while they fit, dates read as dates. */
export function jsonValue(value: unknown, type?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return dateText(value, type);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((item) => jsonValue(item));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonValue(item)]));
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}

/**
 * The preview's text of a date or time (every engine's preview has the same): a DATE '2024-01-31';
 * a TIMESTAMP without a zone '2024-01-31 13:45:07.250', its own wall-clock time with no zone added
 * (DuckDB hands it over as a Date in UTC: a 'Z' would claim a zone it does not have); a TIMESTAMP
 * WITH TIME ZONE the instant in UTC, '2024-01-31T13:45:07.250Z'.
 */
function dateText(value: Date, type?: string): string {
  const iso = value.toISOString();
  if (type === 'DATE') return iso.slice(0, 10);
  if (type && /^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) return iso.slice(0, 23).replace('T', ' ');
  return iso;
}
