/** `bench network`'s TPC-H part: medians of the right runs per path, and each path over direct. */
import {
  type EngineNetworkResults,
  type EngineNetworkRun,
  engineNetworkRatios,
  engineNetworkRows,
  engineNetworkSummary,
} from '../../bench/network-tpch-report';

const run = (over: Partial<EngineNetworkRun>): EngineNetworkRun => ({
  engine: 'spark',
  query: 'q03',
  path: 'direct',
  repeat: 1,
  ok: true,
  queryId: 'x',
  queryMs: 10_000,
  totalMs: 30_000,
  ...over,
});

const results: EngineNetworkResults = {
  sf: '1',
  workers: 3,
  repeat: 2,
  runs: [
    run({ path: 'direct', queryMs: 10_000, totalMs: 30_000 }),
    run({ path: 'direct', repeat: 2, queryMs: 12_000, totalMs: 32_000 }),
    run({ path: 'punched', queryMs: 15_000, totalMs: 40_000 }),
    run({ path: 'punched', repeat: 2, queryMs: 18_000, totalMs: 44_000 }),
    run({ path: 'relayed', queryMs: 22_000, totalMs: 50_000 }),
    // A failed run counts in "of" but not in the medians.
    run({ path: 'relayed', repeat: 2, ok: false, error: 'QueryFailed: boom', queryMs: 1, totalMs: 1 }),
    run({ query: 'q05', path: 'direct', queryMs: 20_000, totalMs: 40_000 }),
    run({ query: 'q05', path: 'punched', queryMs: 20_000, totalMs: 40_000 }),
    run({ query: 'q05', path: 'relayed', queryMs: 40_000, totalMs: 60_000 }),
  ],
};

describe('Function: engineNetworkRows', () => {
  it('gives per engine, query and path the medians of the right runs', () => {
    const [q03, q05] = engineNetworkRows(results);
    expect(q03).toMatchObject({ engine: 'spark', query: 'q03' });
    expect(q03.paths.direct).toEqual({ right: 2, of: 2, queryMs: 11_000, totalMs: 31_000 });
    expect(q03.paths.relayed).toEqual({ right: 1, of: 2, queryMs: 22_000, totalMs: 50_000 });
    expect(q05.paths.punched.queryMs).toBe(20_000);
  });
});

describe('Function: engineNetworkRatios', () => {
  it('takes the geometric mean over the queries of each path over direct', () => {
    const [spark] = engineNetworkRatios(results, 'queryMs');
    // q03 punched 16.5/11 = 1.5, q05 1.0 → √1.5; relayed 2.0 and 2.0 → 2.
    expect(spark.ratios.direct).toBeCloseTo(1);
    expect(spark.ratios.punched).toBeCloseTo(Math.sqrt(1.5));
    expect(spark.ratios.relayed).toBeCloseTo(2);
  });
});

describe('Function: engineNetworkSummary', () => {
  it('has a row per query, the ratios per engine and every failure with its error', () => {
    const text = engineNetworkSummary(results);
    expect(text).toContain(
      '| spark | q03 | 11.0 / 31.0 (2/2) | 16.5 / 42.0 (2/2) | 22.0 / 50.0 (1/2) | 1.50× | 2.00× |',
    );
    expect(text).toContain('query phase punched 1.22×, relayed 2.00×');
    expect(text).toContain('- failed: spark q03 #2 relayed: QueryFailed: boom');
  });
});
