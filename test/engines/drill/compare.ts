/**
 * The analytical queries of `metaq demo` in SQL both Drill and DuckDB accept, and a comparison of
 * their answers that allows for what legitimately differs between the engines.
 */
export const drillQueries = [
  {
    title: 'revenue by region and year (5 joins, aggregate, sort)',
    workers: 2,
    // Drill (Calcite) reserves YEAR and RANK as words: EXTRACT and other aliases instead.
    sql: `SELECT r_name AS region, EXTRACT(YEAR FROM o_orderdate) AS order_year,
  round(sum(l_extendedprice * (1 - l_discount)), 2) AS revenue
FROM lineitem JOIN orders ON l_orderkey = o_orderkey JOIN customer ON o_custkey = c_custkey
JOIN nation ON c_nationkey = n_nationkey JOIN region ON n_regionkey = r_regionkey
GROUP BY r_name, EXTRACT(YEAR FROM o_orderdate) ORDER BY region, order_year LIMIT 12`,
  },
  {
    title: 'pricing summary by return flag (TPC-H Q1 style)',
    workers: 2,
    // Drill's AVG over DECIMAL(15,2) keeps two decimals in its value (0.05 where DuckDB says
    // 0.0495): the average is taken over DOUBLE in both.
    sql: `SELECT l_returnflag, count(*) AS line_count, sum(l_quantity) AS quantity,
  round(avg(CAST(l_discount AS DOUBLE)), 4) AS avg_discount
FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag ORDER BY l_returnflag`,
  },
  {
    title: 'top customers per market segment (window function)',
    workers: 2,
    sql: `SELECT * FROM (
  SELECT c_mktsegment AS segment, c_name AS customer, round(sum(l_extendedprice), 2) AS spend,
         rank() OVER (PARTITION BY c_mktsegment ORDER BY sum(l_extendedprice) DESC) AS segment_rank
  FROM customer JOIN orders ON o_custkey = c_custkey JOIN lineitem ON l_orderkey = o_orderkey
  GROUP BY c_mktsegment, c_name) ranked WHERE segment_rank <= 2 ORDER BY segment, segment_rank, customer`,
  },
];

/**
 * Rows equal in order, numbers within a relative 1e-9: Drill's DECIMAL and DOUBLE arithmetic and
 * DuckDB's may round the last digit differently, and one engine's DECIMAL is another's DOUBLE
 * once written to CSV or JSON. Numbers written as text (CSV) compare as numbers.
 */
export function sameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): void {
  expect(actual.map(normalise)).toEqual(expected.map(normalise));
}

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) return [key, Number(number.toPrecision(10))];
      if (typeof value === 'bigint') return [key, Number(value)];
      return [key, value];
    }),
  );
}
