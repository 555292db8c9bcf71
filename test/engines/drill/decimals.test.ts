/**
 * Drill's DECIMAL rules as the optimizer applies them, against the types Drill 1.22 itself reported
 * (its REST answer's `metadata`) for the same expressions over TPC-H's DECIMAL(15,2) columns.
 */
import { drillDecimals } from '../../../src/engines/drill/decimals';
import type { DecimalOperator, DecimalType } from '../../../src/engines/types';

const d = (precision: number, scale: number): DecimalType => ({ precision, scale });
const money = d(15, 2);
const sum = (type: DecimalType) => drillDecimals.aggregate('SUM', type);

describe('Drill DECIMAL types', () => {
  it.each<[string, DecimalOperator, DecimalType, DecimalType, DecimalType]>([
    ['l_extendedprice * (1 - l_discount)', '*', money, d(16, 2), d(31, 4)],
    ['1 - l_discount (INT is DECIMAL(10, 0))', '-', d(10, 0), money, d(16, 2)],
    ['… * (1 + l_tax): Q1, every decimal gone', '*', d(31, 4), d(16, 2), d(38, 0)],
    ['0.2 * l_quantity', '*', d(2, 1), money, d(17, 3)],
    ['l_quantity / 7.0', '/', money, d(2, 1), d(20, 6)],
    ['100.00 * sum(…): Q14', '*', d(5, 2), sum(d(31, 4)), d(38, 1)],
    ['… / sum(…): Q14, an integer', '/', d(38, 1), sum(d(31, 4)), d(38, 0)],
    ['0.5 * sum(l_quantity): Q20', '*', d(2, 1), sum(money), d(38, 1)],
    ['sum(l_extendedprice) / 7.0: Q17', '/', sum(money), d(2, 1), d(38, 1)],
    ['sum(l_extendedprice) / 7', '/', sum(money), d(10, 0), d(38, 2)],
    ['sum(…) - sum(l_extendedprice)', '-', sum(d(31, 4)), sum(money), d(38, 1)],
    ['sum(l_extendedprice) + 1', '+', sum(money), d(10, 0), d(38, 1)],
    ['l_quantity * l_orderkey (BIGINT is DECIMAL(19, 0))', '*', money, d(19, 0), d(34, 2)],
  ])('%s', (_, operator, a, b, drillSaid) => {
    expect(drillDecimals.arithmetic(operator, a, b).type).toEqual(drillSaid);
  });

  it('aggregates a DECIMAL to DECIMAL(38, s), AVG included', () => {
    expect(sum(d(31, 4))).toEqual(d(38, 4));
    expect(drillDecimals.aggregate('AVG', money)).toEqual(d(38, 2));
  });

  it('a sum or product needs its operands’ decimals, a quotient six', () => {
    expect(drillDecimals.arithmetic('*', d(2, 1), money).needs).toBe(3);
    expect(drillDecimals.arithmetic('+', d(20, 4), money).needs).toBe(4);
    expect(drillDecimals.arithmetic('/', money, d(2, 1)).needs).toBe(6);
  });
});
