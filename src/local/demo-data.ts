/**
 * A small TPC-H-like data set made with DuckDB's own SQL (deterministic: hashes of row numbers),
 * for `metaq demo` and the tests. Not TPC-H: the benchmark uses a real generator.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Format } from '../plan/types';

export const demoTables: Record<string, string> = {
  region: `SELECT r AS r_regionkey, ['AFRICA','AMERICA','ASIA','EUROPE','MIDDLE EAST'][r + 1] AS r_name FROM range(5) t(r)`,
  nation: `SELECT n AS n_nationkey, 'NATION_' || n AS n_name, n % 5 AS n_regionkey FROM range(25) t(n)`,
  customer: `SELECT c AS c_custkey, 'Customer#' || lpad(c::VARCHAR, 6, '0') AS c_name, h(c) % 25 AS c_nationkey,
               round((h(c * 7) % 1000000) / 100.0 - 999.99, 2) AS c_acctbal,
               ['AUTOMOBILE','BUILDING','FURNITURE','HOUSEHOLD','MACHINERY'][h(c * 3) % 5 + 1] AS c_mktsegment
             FROM range(1, {customers} + 1) t(c)`,
  orders: `SELECT o AS o_orderkey, h(o) % {customers} + 1 AS o_custkey,
             DATE '1992-01-01' + (h(o * 5) % 2400)::INTEGER AS o_orderdate,
             ['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'][h(o * 11) % 5 + 1] AS o_orderpriority
           FROM range(1, {orders} + 1) t(o)`,
  lineitem: `SELECT o AS l_orderkey, l AS l_linenumber, (h(o * 13 + l) % 50 + 1)::DECIMAL(15,2) AS l_quantity,
               round((h(o * 17 + l) % 100000) / 10.0 + 900, 2)::DECIMAL(15,2) AS l_extendedprice,
               ((h(o * 19 + l) % 11) / 100.0)::DECIMAL(15,2) AS l_discount,
               ['A','N','R'][h(o * 23 + l) % 3 + 1] AS l_returnflag,
               DATE '1992-01-02' + (h(o * 5) % 2400)::INTEGER + (h(o + l) % 120)::INTEGER AS l_shipdate
             FROM range(1, {orders} + 1) t(o), range(1, h(o) % 7 + 2) u(l)`,
};

export interface DemoSize {
  customers: number;
  orders: number;
}

const copyOptions: Record<Format, string> = {
  parquet: 'FORMAT parquet',
  csv: 'FORMAT csv, HEADER true',
  json: 'FORMAT json',
};

/** Writes each table as one file `<folder>/<table>.<format>`; returns the file paths by table. */
export async function writeDemoData(
  folder: string,
  format: Format = 'parquet',
  size: DemoSize = { customers: 1500, orders: 15000 },
): Promise<Record<string, string>> {
  mkdirSync(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const files: Record<string, string> = {};
  try {
    // hash() is unsigned 64-bit; a signed, bounded one keeps the arithmetic simple.
    await connection.run('CREATE MACRO h(x) AS (hash(x) % 1000000007)::BIGINT');
    for (const [name, sql] of Object.entries(demoTables)) {
      const file = path.join(folder, `${name}.${format}`);
      const query = sql
        .replaceAll('{customers}', String(size.customers))
        .replaceAll('{orders}', String(size.orders));
      await connection.run(`COPY (${query}) TO '${file}' (${copyOptions[format]})`);
      files[name] = file;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return files;
}

export const demoQueries: { title: string; sql: string }[] = [
  {
    title: 'Revenue by region and year (joins, aggregate, sort)',
    sql: `SELECT r_name AS region, year(o_orderdate) AS year, round(sum(l_extendedprice * (1 - l_discount)), 2) AS revenue
FROM lineitem JOIN orders ON l_orderkey = o_orderkey JOIN customer ON o_custkey = c_custkey
JOIN nation ON c_nationkey = n_nationkey JOIN region ON n_regionkey = r_regionkey
GROUP BY r_name, year(o_orderdate) ORDER BY region, year LIMIT 12`,
  },
  {
    title: 'Pricing summary by return flag (TPC-H Q1 style)',
    sql: `SELECT l_returnflag, count(*) AS lines, sum(l_quantity) AS quantity, round(avg(l_discount), 4) AS avg_discount
FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag ORDER BY l_returnflag`,
  },
  {
    title: 'Top customers per market segment (window function)',
    sql: `SELECT * FROM (
  SELECT c_mktsegment AS segment, c_name AS customer, round(sum(l_extendedprice), 2) AS spend,
         rank() OVER (PARTITION BY c_mktsegment ORDER BY sum(l_extendedprice) DESC) AS rank
  FROM customer JOIN orders ON o_custkey = c_custkey JOIN lineitem ON l_orderkey = o_orderkey
  GROUP BY c_mktsegment, c_name) WHERE rank <= 2 ORDER BY segment, rank`,
  },
];
