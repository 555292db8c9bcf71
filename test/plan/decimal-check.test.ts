/**
 * The optimizer refuses a query whose DECIMAL arithmetic the engine would round, naming the
 * expression, and lets through what the engine computes right: the 22 TPC-H texts on Drill, the
 * bench's Drill variants, the engines' test queries, and any engine that declares no DECIMAL rules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drillTraits } from '../../src/engines/drill/traits';
import { demoQueries } from '../../src/local/demo-data';
import { assertDecimalsExact, decimalLoss } from '../../src/plan/decimal-check';
import { UnsupportedByEngine } from '../../src/plan/errors';
import type { Format, TableRef } from '../../src/plan/types';
import { engineQueries } from '../support/engine-data';

const rules = drillTraits.decimals ?? (undefined as never);
const queries = path.join(__dirname, '../../bench/tpch/queries');
const text = (file: string) => readFileSync(path.join(queries, file), 'utf8');

// TPC-H's columns as DuckDB's dbgen writes them (the catalog's types); only those the queries use.
const schema: Record<string, string> = {
  lineitem:
    'l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber BIGINT, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag VARCHAR, l_linestatus VARCHAR, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE, l_shipinstruct VARCHAR, l_shipmode VARCHAR',
  orders:
    'o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus VARCHAR, o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority VARCHAR, o_shippriority INTEGER, o_comment VARCHAR',
  part: 'p_partkey BIGINT, p_name VARCHAR, p_mfgr VARCHAR, p_brand VARCHAR, p_type VARCHAR, p_size INTEGER, p_container VARCHAR, p_retailprice DECIMAL(15,2)',
  partsupp: 'ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty BIGINT, ps_supplycost DECIMAL(15,2)',
  customer:
    'c_custkey BIGINT, c_name VARCHAR, c_address VARCHAR, c_nationkey INTEGER, c_phone VARCHAR, c_acctbal DECIMAL(15,2), c_mktsegment VARCHAR, c_comment VARCHAR',
  supplier:
    's_suppkey BIGINT, s_name VARCHAR, s_address VARCHAR, s_nationkey INTEGER, s_phone VARCHAR, s_acctbal DECIMAL(15,2), s_comment VARCHAR',
  nation: 'n_nationkey INTEGER, n_name VARCHAR, n_regionkey INTEGER, n_comment VARCHAR',
  region: 'r_regionkey INTEGER, r_name VARCHAR',
};

function tpch(format: Format = 'parquet'): Record<string, TableRef> {
  return Object.fromEntries(
    Object.entries(schema).map(([name, columns]) => [
      name,
      {
        location: `s3://data/tpch/${name}/`,
        format,
        columns: columns.split(', ').map((column) => {
          const [columnName, type] = column.split(' ');
          return { name: columnName, type };
        }),
      },
    ]),
  );
}

const refusedOnDrill: Record<string, string> = {
  q01: 'l_extendedprice * (1 - l_discount) * (1 + l_tax)',
  q08: "SUM(CASE WHEN nation = 'BRAZIL' THEN volume ELSE 0 END) / SUM(volume)",
  q11: 'SUM(ps_supplycost * ps_availqty) * 0.0001000000',
  q14: "100.00 * SUM(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)",
  q17: 'SUM(l_extendedprice) / 7.0',
  q20: '0.5 * SUM(l_quantity)',
};

describe('Method: decimalLoss', () => {
  const all = Array.from({ length: 22 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);

  it.each(all)('TPC-H %s as written, on Drill over Parquet', (query) => {
    const loss = decimalLoss(text(`${query}.sql`), tpch(), rules);
    expect(loss?.expression).toBe(refusedOnDrill[query]);
  });

  it.each(Object.keys(refusedOnDrill).filter((query) => query !== 'q20'))(
    "the bench's Drill variant of %s (DOUBLE arithmetic) passes",
    (query) => {
      expect(decimalLoss(text(`drill/${query}.sql`), tpch(), rules)).toBeUndefined();
    },
  );

  it('over CSV, whose DECIMAL columns Drill reads as DOUBLE, nothing is refused', () => {
    for (const query of all) expect(decimalLoss(text(`${query}.sql`), tpch('csv'), rules)).toBeUndefined();
  });

  it.each([...demoQueries, ...engineQueries])("the engines' test query: $title", ({ sql }) => {
    expect(decimalLoss(sql, tpch(), rules)).toBeUndefined();
  });

  it('follows types through CTEs, derived tables, aliases and scalar subqueries', () => {
    const tables = tpch();
    expect(
      decimalLoss(
        'WITH t (p) AS (SELECT sum(l_extendedprice) FROM lineitem) SELECT p / 7.0 FROM t',
        tables,
        rules,
      )?.expression,
    ).toBe('p / 7.0');
    expect(
      decimalLoss('SELECT x.s * 0.5 FROM (SELECT sum(l_quantity) AS s FROM lineitem) x', tables, rules)
        ?.expression,
    ).toBe('"x".s * 0.5');
    expect(
      decimalLoss(
        'SELECT o_orderkey FROM orders WHERE o_totalprice > (SELECT avg(o_totalprice) FROM orders) * 1.05',
        tables,
        rules,
      ),
    ).toBeDefined();
  });

  it('lets through what it cannot type, DOUBLE arithmetic, and queries its parser cannot read', () => {
    const tables = tpch();
    expect(decimalLoss('SELECT sum(l_extendedprice) / 7e0 FROM lineitem', tables, rules)).toBeUndefined();
    expect(decimalLoss('SELECT sum(unknown_column) / 7.0 FROM lineitem', tables, rules)).toBeUndefined();
    expect(decimalLoss('SELECT `sum`(l_tax) / 7.0 FROM lineitem', tables, rules)).toBeUndefined();
  });
});

describe('Method: assertDecimalsExact', () => {
  it('refuses Q14 on Drill with UnsupportedByEngine naming the expression, the types and the way out', () => {
    let error: unknown;
    try {
      assertDecimalsExact(text('q14.sql'), tpch(), 'drill');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedByEngine);
    expect((error as UnsupportedByEngine).name).toBe('UnsupportedByEngine');
    expect((error as Error).message).toBe(
      "drill cannot run the DECIMAL arithmetic 100.00 * SUM(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END) correctly: " +
        'it computes DECIMAL(5, 2) and DECIMAL(38, 4) as DECIMAL(38, 1), keeping 1 of the 6 decimals the result needs ' +
        '(its DECIMALs hold 38 digits in all), so the answer would be rounded. ' +
        'Run it on duckdb or spark (--engine), or CAST the operands AS DOUBLE where an approximate answer will do',
    );
  });

  it('never refuses on an engine that declares no DECIMAL rules', () => {
    expect(() => assertDecimalsExact(text('q14.sql'), tpch(), 'duckdb')).not.toThrow();
  });
});
