/**
 * How Drill 1.22 types DECIMAL arithmetic (its `DecimalScalePrecision*Function`s): no result holds
 * more than 38 digits, and when the exact one would, Drill drops decimals to fit, down to none. So
 * `100.00 * sum(x) / sum(y)` over DECIMAL(15,2) columns, TPC-H Q14, is DECIMAL(38, 0): `15` where
 * the answer is 15.4865. Each rule below was checked against the types Drill's own answers report
 * (test/engines/drill/decimals.test.ts). Drill offers no setting that keeps the digits
 * (`planner.enable_decimal_data_type=false` makes it refuse Parquet's DECIMAL columns instead).
 */
import type { DecimalRules, DecimalType } from '../types';

const MAX_PRECISION = 38;
/** The least a quotient keeps when its operands leave room: `max(6, …)` in Drill's rule. */
const QUOTIENT_SCALE = 6;

/** Drops decimals until the type fits 38 digits, as Drill's `adjustScaleAndPrecision` does. */
function fitted(precision: number, scale: number): DecimalType {
  if (precision <= MAX_PRECISION) return { precision, scale };
  return { precision: MAX_PRECISION, scale: Math.max(0, scale - (precision - MAX_PRECISION)) };
}

export const drillDecimals: DecimalRules = {
  // CSV columns are cast to DOUBLE by the view (csv-types.ts); JSON numbers Drill reads as DOUBLE.
  formats: ['parquet'],
  arithmetic(operator, a, b) {
    if (operator === '*') {
      const scale = a.scale + b.scale;
      return { type: fitted(a.precision + b.precision, scale), needs: scale };
    }
    if (operator === '/') {
      const integerDigits = Math.min(a.precision - a.scale + b.scale, MAX_PRECISION);
      const scale = Math.min(
        Math.max(QUOTIENT_SCALE, a.scale + b.precision + 1),
        MAX_PRECISION - integerDigits,
      );
      return { type: { precision: integerDigits + scale, scale }, needs: QUOTIENT_SCALE };
    }
    const scale = Math.max(a.scale, b.scale);
    const integerDigits = Math.max(a.precision - a.scale, b.precision - b.scale) + 1;
    return { type: fitted(integerDigits + scale, scale), needs: scale };
  },
  // Every aggregate of a DECIMAL is DECIMAL(38, s); AVG keeps the column's scale (as Trino's does,
  // and as TPC-H's rounding to the 1/100th allows), so it is not refused.
  aggregate: (_name, a) => ({ precision: MAX_PRECISION, scale: a.scale }),
};
