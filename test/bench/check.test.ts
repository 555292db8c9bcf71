/** The answer check: tolerance on numbers, ties in ORDER BY, NULL, and what counts as wrong. */
import { checkResult, orderColumns, parseAnswer } from '../../bench/tpch/check';

const sql = 'SELECT flag, n, avg_price FROM t ORDER BY n DESC, flag;';
const answer = 'flag|n|avg_price\nA|10|38273.129734621674\nB|10|0.049985295838397614\nC|3|25.5\n';

describe('Method: checkResult', () => {
  it('accepts the answer itself, read back with its own types', () => {
    const rows = [
      ['A', 10, 38273.129734621674],
      ['B', '10', 0.049985295838397614],
      ['C', 3, 25.5],
    ];
    expect(checkResult({ columns: ['flag', 'n', 'avg_price'], rows }, answer, sql)).toEqual({ ok: true });
  });

  it('accepts averages rounded to six decimals and rows that tie on the ORDER BY in another order', () => {
    const rows = [
      ['B', 10, '0.049985'],
      ['A', 10, '38273.129735'],
      ['C', 3, '25.500000'],
    ];
    const byCount = 'SELECT flag, n, avg_price FROM t ORDER BY n DESC';
    expect(checkResult({ columns: ['f', 'n', 'a'], rows }, answer, byCount)).toEqual({ ok: true });
    // The same rows, when the query orders by flag too, are out of order.
    expect(checkResult({ columns: ['f', 'n', 'a'], rows }, answer, sql)).toMatchObject({ ok: false });
  });

  it('accepts an average its engine gives at two decimals when the answer rounds to it (TPC-H 2.1.3.5)', () => {
    const rows = [
      ['A', 10, '38273.13'],
      ['B', 10, '0.05'],
      ['C', 3, '25.50'],
    ];
    expect(checkResult({ columns: ['f', 'n', 'a'], rows }, answer, sql)).toEqual({ ok: true });
  });

  it('rejects a number outside the tolerance, naming the row and column', () => {
    const rows = [
      ['A', 10, 38273.14],
      ['B', 10, 0.049985295838397614],
      ['C', 3, 25.5],
    ];
    expect(checkResult({ columns: ['f', 'n', 'a'], rows }, answer, sql)).toEqual({
      ok: false,
      reason: 'row 1 column 3: got "38273.14", the answer has "38273.129734621674"',
    });
  });

  it('rejects the right rows in the wrong order on the ORDER BY columns', () => {
    const rows = [
      ['C', 3, 25.5],
      ['A', 10, 38273.129734621674],
      ['B', 10, 0.049985295838397614],
    ];
    const verdict = checkResult({ columns: ['f', 'n', 'a'], rows }, answer, sql);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/^rows in the wrong order/) });
  });

  it('rejects a missing row, an extra column and a count that is off by one', () => {
    const columns = ['f', 'n', 'a'];
    expect(checkResult({ columns, rows: [['A', 10, 1]] }, answer, sql)).toEqual({
      ok: false,
      reason: '1 rows, the answer has 3',
    });
    expect(checkResult({ columns: [...columns, 'x'], rows: [] }, answer, sql)).toMatchObject({ ok: false });
    const rows = [
      ['A', 11, 38273.129734621674],
      ['B', 10, 0.049985295838397614],
      ['C', 3, 25.5],
    ];
    expect(checkResult({ columns, rows }, answer, sql)).toMatchObject({ ok: false });
  });

  it('reads an empty answer cell as NULL, and ignores trailing blanks of CHAR columns', () => {
    expect(checkResult({ columns: ['avg_yearly'], rows: [[null]] }, 'avg_yearly\n\n', 'SELECT 1')).toEqual({
      ok: true,
    });
    expect(checkResult({ columns: ['c'], rows: [['x  ']] }, 'c\nx\n', 'SELECT 1')).toEqual({ ok: true });
    expect(checkResult({ columns: ['c'], rows: [['0']] }, 'c\n\n', 'SELECT 1')).toMatchObject({ ok: false });
  });
});

describe('Method: orderColumns', () => {
  it('takes the final ORDER BY, without directions or LIMIT', () => {
    expect(
      orderColumns(
        'SELECT a FROM (SELECT * FROM t ORDER BY z) ORDER BY\n  revenue DESC,\n  o_orderdate\nLIMIT 10;',
      ),
    ).toEqual(['revenue', 'o_orderdate']);
    expect(orderColumns('SELECT 1')).toEqual([]);
  });

  it('reads a quoted name as the name', () => {
    expect(orderColumns('SELECT 1 AS `value` FROM t ORDER BY\n    `value` DESC, "k";')).toEqual([
      'value',
      'k',
    ]);
  });
});

describe('Method: parseAnswer', () => {
  it("splits DuckDB's '|' text into a header and rows", () => {
    expect(parseAnswer('a|b\n1|x\n2|y\n')).toEqual({
      columns: ['a', 'b'],
      rows: [
        ['1', 'x'],
        ['2', 'y'],
      ],
    });
  });
});
