/**
 * The types the optimizer follows through a query's expressions to see where an engine's DECIMAL
 * arithmetic would round (decimal-check.ts): numbers only; everything else is `other`, and what it
 * cannot tell is `undefined`, which is never refused.
 */
import type { DecimalType } from '../engines/types';

export type SqlType =
  | ({ kind: 'decimal' } & DecimalType)
  | { kind: 'integer'; precision: 10 | 19 }
  | { kind: 'approximate' }
  | { kind: 'other' };

export const decimal = (precision: number, scale: number): SqlType => ({ kind: 'decimal', precision, scale });
export const approximate: SqlType = { kind: 'approximate' };
const other: SqlType = { kind: 'other' };

/** SQL's INTEGER holds 10 digits and BIGINT 19: as DECIMAL(10, 0) and DECIMAL(19, 0) they join DECIMAL arithmetic. */
export function asDecimal(type: SqlType): DecimalType | undefined {
  if (type.kind === 'decimal') return type;
  if (type.kind === 'integer') return { precision: type.precision, scale: 0 };
  return undefined;
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|INT[1248]|UTINYINT|USMALLINT)$/;
const BIGINT = /^(BIGINT|UINTEGER|LONG)$/;
const APPROXIMATE = /^(DOUBLE|FLOAT|FLOAT[48]|REAL|DOUBLE PRECISION)$/;

/**
 * A column's type as the catalog has it (DuckDB's name) or as a CAST names it. `decimals` is false
 * where the engine reads this table's DECIMAL columns as DOUBLE (a CSV table, say).
 */
export function namedType(name: string, decimals = true): SqlType {
  const type = String(name ?? '')
    .trim()
    .toUpperCase();
  const numeric = /^(DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(type);
  if (numeric) return decimals ? decimal(Number(numeric[2]), Number(numeric[3] ?? 0)) : approximate;
  if (INTEGER.test(type)) return { kind: 'integer', precision: 10 };
  if (BIGINT.test(type)) return { kind: 'integer', precision: 19 };
  if (APPROXIMATE.test(type)) return approximate;
  return other;
}

/**
 * A numeric literal's type, as Calcite-based engines give it: `100.00` is DECIMAL(5, 2), `0.2`
 * DECIMAL(2, 1) (the zero counts), `1` INTEGER, `3000000000` BIGINT, `1.5e0` DOUBLE.
 */
export function literalType(value: string | number): SqlType {
  const text = String(value);
  if (/e/i.test(text)) return approximate;
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  if (!text.includes('.'))
    return Math.abs(Number(text)) <= 2 ** 31 - 1
      ? { kind: 'integer', precision: 10 }
      : { kind: 'integer', precision: 19 };
  const digits = Math.max(1, whole.replace(/^0+/, '').length);
  return decimal(digits + fraction.length, fraction.length);
}

/** The type of a CASE's or COALESCE's branches together: the widest digits either side of the point. */
export function unified(types: (SqlType | undefined)[]): SqlType | undefined {
  const known = types.filter((type): type is SqlType => type !== undefined);
  if (known.length < types.length || known.length === 0) return undefined;
  if (known.some((type) => type.kind === 'other')) return other;
  if (known.some((type) => type.kind === 'approximate')) return approximate;
  if (known.every((type) => type.kind === 'integer'))
    return { kind: 'integer', precision: Math.max(...known.map((type) => type.precision)) as 10 | 19 };
  const decimals = known.map((type) => asDecimal(type) as DecimalType);
  const scale = Math.max(...decimals.map((type) => type.scale));
  const integerDigits = Math.max(...decimals.map((type) => type.precision - type.scale));
  return decimal(Math.min(38, integerDigits + scale), scale);
}
