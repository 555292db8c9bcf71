/**
 * What the engines' end-to-end tests share: the TPC-H-like tables in the local S3, a few more
 * analytical queries than the demo's, and the comparison
 * of an engine's result with DuckDB's.
 */
import path from 'node:path';
import { demoQueries, writeDemoData } from '../../src/local/demo-data';
import { uploadTable } from '../../src/local/upload';
import type { Format } from '../../src/plan/types';

export interface TestTables {
  files: Record<string, string>;
  tables: Record<string, { location: string; format: Format }>;
}

/** The demo tables in each format, uploaded to the local S3 (one folder each). */
export async function prepareTables(
  engine: string,
  scratch: string,
  inputs: Format[],
): Promise<Record<string, TestTables>> {
  const data: Record<string, TestTables> = {};
  for (const format of inputs) {
    const files = await writeDemoData(path.join(scratch, format), format, { customers: 300, orders: 3000 });
    const tables: TestTables['tables'] = {};
    for (const [name, file] of Object.entries(files)) {
      const uploaded = await uploadTable(`${engine}_${format}_${name}`, file);
      tables[name] = { location: `${uploaded.location}${path.basename(file)}`, format };
    }
    data[format] = { files, tables };
  }
  return data;
}

export const engineQueries = [
  ...demoQueries,
  {
    title: 'Orders with a late line per priority (TPC-H Q4 style: EXISTS, date range)',
    sql: `SELECT o_orderpriority, count(*) AS order_count FROM orders
WHERE o_orderdate >= DATE '1993-07-01' AND o_orderdate < DATE '1995-07-01'
  AND EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey AND l_shipdate > o_orderdate + INTERVAL '60' DAY)
GROUP BY o_orderpriority ORDER BY o_orderpriority`,
  },
  {
    title: 'Customers above their nation average balance (CTE, join, HAVING, sort)',
    sql: `WITH nation_avg AS (SELECT c_nationkey, avg(c_acctbal) AS avg_bal FROM customer GROUP BY c_nationkey)
SELECT n_name AS nation, count(*) AS rich_customers, round(max(c_acctbal), 2) AS top_balance
FROM customer JOIN nation_avg USING (c_nationkey) JOIN nation ON n_nationkey = c_nationkey
WHERE c_acctbal > avg_bal GROUP BY n_name HAVING count(*) > 3 ORDER BY rich_customers DESC, nation LIMIT 10`,
  },
];

/**
 * Engines and DuckDB agree on values, not on types (Spark's, for instance): Spark keeps sums of DECIMAL(15,2) as DECIMAL and
 * counts as BIGINT or INT where DuckDB has DECIMAL(38,2), DOUBLE or BIGINT, and DuckDB reads large
 * decimals back as text. So numbers (and numeric text) are compared as numbers: equal within a
 * relative 1e-9 (double sums in a different order), or within 1.5e-4 absolutely, because
 * `round(x, 4)` rounds an exact decimal half-up in Spark and a binary double in DuckDB, which can
 * differ by one unit in the fourth place. Integers that differ by one still fail.
 */
export function normalised(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asValue(value)])),
  );
}

function asValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

export function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): void {
  const got = normalised(actual);
  const want = normalised(expected);
  expect(got.map((row) => Object.keys(row))).toEqual(want.map((row) => Object.keys(row)));
  got.forEach((row, i) => {
    for (const [key, value] of Object.entries(row)) {
      const other = want[i][key];
      if (typeof value === 'number' && typeof other === 'number') {
        const tolerance = Math.max(1e-9 * Math.max(Math.abs(value), Math.abs(other)), 1.5e-4);
        if (Math.abs(value - other) > tolerance)
          expect({ row: i, [key]: value }).toEqual({ row: i, [key]: other });
      } else {
        expect({ row: i, [key]: value }).toEqual({ row: i, [key]: other });
      }
    }
  });
}
