/**
 * The optimizer refuses a join Drill cannot plan (no equality of the two tables' columns outside an
 * OR: TPC-H Q19 as written) and lets through the other 21 TPC-H texts, the Q19 variant and joins on
 * expressions, USING or anything it cannot place.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UnsupportedByEngine } from '../../src/plan/errors';
import { assertJoinsPlannable, unjoinedTables } from '../../src/plan/join-check';
import type { TableRef } from '../../src/plan/types';

const queries = path.join(__dirname, '../../bench/tpch/queries');
const text = (file: string) => readFileSync(path.join(queries, file), 'utf8');

const columns: Record<string, string> = {
  lineitem:
    'l_orderkey l_partkey l_suppkey l_linenumber l_quantity l_extendedprice l_discount l_tax l_returnflag l_linestatus l_shipdate l_commitdate l_receiptdate l_shipinstruct l_shipmode l_comment',
  orders:
    'o_orderkey o_custkey o_orderstatus o_totalprice o_orderdate o_orderpriority o_clerk o_shippriority o_comment',
  part: 'p_partkey p_name p_mfgr p_brand p_type p_size p_container p_retailprice p_comment',
  partsupp: 'ps_partkey ps_suppkey ps_availqty ps_supplycost ps_comment',
  customer: 'c_custkey c_name c_address c_nationkey c_phone c_acctbal c_mktsegment c_comment',
  supplier: 's_suppkey s_name s_address s_nationkey s_phone s_acctbal s_comment',
  nation: 'n_nationkey n_name n_regionkey n_comment',
  region: 'r_regionkey r_name r_comment',
};
const tables: Record<string, TableRef> = Object.fromEntries(
  Object.entries(columns).map(([name, list]) => [
    name,
    {
      location: `s3://data/${name}/`,
      format: 'parquet',
      columns: list.split(' ').map((c) => ({ name: c, type: 'BIGINT' })),
    },
  ]),
);

describe('Method: unjoinedTables', () => {
  const all = Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);

  it.each(all)('TPC-H %s as written', (query) => {
    expect(unjoinedTables(text(`${query}.sql`), tables)).toEqual(
      query === 'q19' ? ['lineitem', 'part'] : undefined,
    );
  });

  it("passes the bench's Q19 variant, with the join condition once before the ORs", () => {
    expect(unjoinedTables(text('drill/q19.sql'), tables)).toBeUndefined();
  });

  it.each([
    'SELECT count(*) FROM orders JOIN customer ON o_custkey + 0 = c_custkey',
    'SELECT count(*) FROM orders o1 JOIN orders o2 USING (o_orderkey)',
    'SELECT count(*) FROM nation n1, nation n2 WHERE n1.n_regionkey = n2.n_regionkey',
    'SELECT count(*) FROM (SELECT 1 AS x) t, region',
    'SELECT count(*) FROM region, unknown_table',
  ])('lets through %s', (sql) => {
    expect(unjoinedTables(sql, tables)).toBeUndefined();
  });

  it('refuses a plain cartesian product', () => {
    expect(unjoinedTables('SELECT count(*) FROM nation, region', tables)).toEqual(['nation', 'region']);
  });
});

describe('Method: assertJoinsPlannable', () => {
  it('throws UnsupportedByEngine naming the join on Drill, and nothing on DuckDB', () => {
    expect(() => assertJoinsPlannable(text('q19.sql'), tables, 'drill')).toThrow(UnsupportedByEngine);
    expect(() => assertJoinsPlannable(text('q19.sql'), tables, 'drill')).toThrow(
      /^drill cannot run the join of lineitem and part correctly: no equality between their columns stands on its own/,
    );
    expect(() => assertJoinsPlannable(text('q19.sql'), tables, 'duckdb')).not.toThrow();
  });
});
