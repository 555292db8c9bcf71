import { decimalValue, timestampText } from '../preview-values';

/**
 * Drill's REST API answers a DATE, TIME or TIMESTAMP as epoch milliseconds (Q3's o_orderdate came
 * back as 794880000000): the preview gives them as ISO text, as the other engines' previews and the
 * result files (real dates) have them.
 */
export function previewValue(value: unknown, type: string | undefined): unknown {
  const epochMs = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof epochMs !== 'number' || !type || !/^(DATE|TIME|TIMESTAMP)/.test(type)) return value;
  const iso = new Date(epochMs).toISOString();
  if (type === 'DATE') return iso.slice(0, 10);
  if (type === 'TIME') return iso.slice(11, 23);
  if (type.startsWith('TIMESTAMP')) return iso.slice(0, 23).replace('T', ' ');
  return value;
}

/**
 * A field of a CSV result as Drill's writer wrote it (Java's text of the value: '15.490', 'true',
 * '1.5E-7', '2024-01-31T13:45:07.250', '1995-03-10T00:00' for midnight), read back as text, given
 * the column's type as Drill's answer names it ('VARDECIMAL(14, 3)', 'BIT', 'TIMESTAMP'): the value
 * the preview gives that type (README, "The execution output"), as a Parquet result's preview has
 * it. Drill's own CAST is no help: it cannot read its writer's '1995-03-10T00:00' as a TIMESTAMP.
 * The writer writes NULL as an empty field: one of a typed column is null; text stays as written
 * (an empty string and a NULL are the same field there).
 */
export function csvPreviewValue(text: unknown, type: string | undefined): unknown {
  if (typeof text !== 'string' || !type || /^(VAR)?(CHAR|BINARY)/.test(type)) return text;
  if (text === '') return null;
  if (/DECIMAL/.test(type)) return decimalValue(text);
  if (type === 'BIT') return text === 'true' ? true : text === 'false' ? false : text;
  // Integers and floating point; NaN and Infinity stay text, as Drill's REST answer gives them.
  if (/^(U?INT\d?|BIGINT|SMALLINT|TINYINT|FLOAT[48])$/.test(type))
    return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type.startsWith('TIMESTAMP')) return timestampText(text);
  if (type === 'TIME') return timestampText(`1970-01-01T${text}`).slice(11);
  return text;
}
