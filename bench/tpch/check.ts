/**
 * Is a result the TPC-H answer? Rows are compared as a multiset, and the order is checked on the
 * query's ORDER BY columns only, so rows that tie on them may come in any order (as the TPC-H spec
 * allows). Numbers are compared with a tolerance, since engines sum money in double or round averages
 * to a few decimals: within 1e-4 plus one part in a billion (the spec asks money sums to $100 and
 * averages and ratios to 1%; DuckDB's own tests allow 1% on doubles). Text is compared exactly, but
 * for trailing blanks (CHAR columns may come padded). An empty answer cell is NULL.
 */
export interface ResultTable {
  columns: string[];
  rows: unknown[][];
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function parseAnswer(text: string): { columns: string[]; rows: string[][] } {
  const lines = text.replace(/\n$/, '').split('\n');
  return { columns: lines[0].split('|'), rows: lines.slice(1).map((line) => line.split('|')) };
}

/** The output columns the query's final ORDER BY names, in order. */
export function orderColumns(sql: string): string[] {
  const last = [...sql.matchAll(/\border\s+by\b/gi)].at(-1);
  if (last?.index === undefined) return [];
  return (
    sql
      .slice(last.index + last[0].length)
      .split(/\blimit\b|;/i)[0]
      .split(',')
      .map((item) => item.trim().split(/\s+/)[0])
      .filter(Boolean)
      // A quoted name (Flink's Q11 quotes `value`, a word its SQL reserves) is the column's name.
      .map((name) => name.replace(/^[`"](.*)[`"]$/, '$1'))
  );
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trimEnd();
}

/**
 * Approximate columns agree within 1e-4 (sums in another order); or, where the engine gives a
 * value with at most two decimals (Trino's AVG of a DECIMAL(15,2) keeps its scale), when the answer
 * rounds to it: TPC-H's own rule for averages is agreement when rounded to the nearest 1/100th
 * (clause 2.1.3.5), and this is stricter.
 */
function sameCell(actual: string, expected: string, approximate: boolean): boolean {
  if (actual === expected) return true;
  if (!number.test(actual) || !number.test(expected)) return false;
  const [a, e] = [Number(actual), Number(expected)];
  if (!approximate) return a === e;
  if (Math.abs(a - e) <= 1e-4 + 1e-9 * Math.abs(e)) return true;
  return /^-?\d+(\.\d{1,2})?$/.test(actual) && Math.abs(a - Math.round(e * 100) / 100) < 1e-9;
}

export function checkResult(actual: ResultTable, answer: string, sql: string): Verdict {
  const expected = parseAnswer(answer);
  if (actual.columns.length !== expected.columns.length) {
    return fail(`${actual.columns.length} columns, the answer has ${expected.columns.length}`);
  }
  const got = actual.rows.map((row) => row.map(text));
  const want = expected.rows.map((row) => row.map((cell) => cell.trimEnd()));
  if (got.length !== want.length) return fail(`${got.length} rows, the answer has ${want.length}`);
  // A column with a fraction anywhere in the answer is compared as a number with a tolerance.
  const approximate = expected.columns.map((_, i) =>
    want.some((row) => /\./.test(row[i]) && number.test(row[i])),
  );
  const byExactColumns = sorter(approximate);
  const rows = compareRows([...got].sort(byExactColumns), [...want].sort(byExactColumns), approximate);
  if (!rows.ok) return rows;

  const keys = orderColumns(sql).map((name) => expected.columns.indexOf(name));
  if (keys.includes(-1))
    return fail(`ORDER BY ${orderColumns(sql).join(', ')} names a column not in the answer`);
  const project = (table: string[][]) => table.map((row) => keys.map((i) => row[i]));
  const order = compareRows(
    project(got),
    project(want),
    keys.map((i) => approximate[i]),
  );
  return order.ok ? order : fail(`rows in the wrong order: ${order.reason}`);
}

function compareRows(got: string[][], want: string[][], approximate: boolean[]): Verdict {
  for (let r = 0; r < want.length; r++) {
    for (let c = 0; c < want[r].length; c++) {
      if (!sameCell(got[r][c], want[r][c], approximate[c])) {
        return fail(`row ${r + 1} column ${c + 1}: got "${got[r][c]}", the answer has "${want[r][c]}"`);
      }
    }
  }
  return { ok: true };
}

/** Sorts rows by their exact columns as text, then by their approximate columns as numbers. */
function sorter(approximate: boolean[]): (a: string[], b: string[]) => number {
  const exact = approximate.flatMap((approx, i) => (approx ? [] : [i]));
  const numeric = approximate.flatMap((approx, i) => (approx ? [i] : []));
  return (a, b) => {
    for (const i of exact) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    for (const i of numeric) if (a[i] !== b[i]) return Number(a[i]) - Number(b[i]);
    return 0;
  };
}

function fail(reason: string): Verdict {
  return { ok: false, reason };
}
