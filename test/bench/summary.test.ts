/** The summary's statistics: medians, geometric means, winners, and failed runs left out. */
import { summaryMarkdown } from '../../bench/report';
import type { BenchResults, ColdRun, WarmRun } from '../../bench/results';
import { geometricMean, median, rankings, summarise } from '../../bench/summary';

function cold(engine: string, query: string, totalMs: number, ok = true): ColdRun {
  const timings = { provisionMs: 100, rendezvousMs: 200, startMs: 300, queryMs: totalMs - 700, totalMs };
  return {
    engine,
    workers: 1,
    query,
    repeat: 1,
    ok,
    mode: 'cold',
    queryId: 'q',
    timings,
    startupMs: 600,
    launched: 2,
  };
}
function warm(engine: string, query: string, ms: number, ok = true): WarmRun {
  return {
    engine,
    workers: 1,
    query,
    repeat: 1,
    ok,
    mode: 'warm',
    ms,
    ...(ok ? {} : { error: 'wrong answer' }),
  };
}

const results: BenchResults = {
  benchmark: 'tpch',
  date: '2026-11-26T12:00:00.000Z',
  sf: '0.01',
  repeat: 1,
  memoryMb: 1024,
  queries: ['q01', 'q06'],
  machine: { cpus: 2, cpuModel: 'test', memoryGb: 24, os: 'Linux', node: 'v20', loadBefore: 1 },
  notes: [],
  runs: [
    cold('duckdb', 'q01', 2000),
    warm('duckdb', 'q01', 100),
    cold('duckdb', 'q06', 1000),
    warm('duckdb', 'q06', 500),
    // A wrong answer is not timed: this 1 ms would otherwise win q06.
    warm('duckdb', 'q06', 1, false),
    cold('spark', 'q01', 3000),
    warm('spark', 'q01', 1000),
    cold('spark', 'q06', 900),
    warm('spark', 'q06', 300),
  ],
  straggler: [],
};

/** Each query's winner: the first of its ranking. */
const winners = (ranked: Map<string, string[]>) =>
  new Map([...ranked].map(([query, labels]) => [query, labels[0]]));

describe('Method: summarise', () => {
  it('gives per engine the geometric mean of ephemeral/warm and the startup, from correct runs only', () => {
    const [duckdb, spark] = summarise(results);
    expect(duckdb).toMatchObject({ label: 'duckdb ×1', correct: 4, runs: 5, medianStartupMs: 600 });
    expect(duckdb.geomeanRatio).toBeCloseTo(Math.sqrt(20 * 2));
    expect(duckdb.queries[1]).toMatchObject({ query: 'q06', coldMs: 1000, warmMs: 500, ratio: 2 });
    expect(spark.geomeanRatio).toBeCloseTo(3);
  });

  it('names the engine with the shortest median end to end per query', () => {
    expect(winners(rankings(summarise(results), results.queries))).toEqual(
      new Map([
        ['q01', 'duckdb ×1'],
        ['q06', 'spark ×1'],
      ]),
    );
  });

  it('names the engine with the shortest median warm time per query, too', () => {
    expect(winners(rankings(summarise(results), results.queries, 'warm'))).toEqual(
      new Map([
        ['q01', 'duckdb ×1'],
        ['q06', 'spark ×1'],
      ]),
    );
    expect(summaryMarkdown(results)).toContain('| winner | winner warm |');
  });

  it('with three engines, gives the others after the winner, fastest first', () => {
    const three = {
      ...results,
      runs: [
        ...results.runs,
        cold('drill', 'q01', 2500),
        warm('drill', 'q01', 50),
        cold('drill', 'q06', 950),
        warm('drill', 'q06', 400),
      ],
    };
    expect(rankings(summarise(three), three.queries).get('q06')).toEqual([
      'spark ×1',
      'drill ×1',
      'duckdb ×1',
    ]);
    expect(summaryMarkdown(three)).toMatch(
      /\| q01 \|.*\| duckdb ×1 \(then drill ×1, spark ×1\) \| drill ×1 \(then duckdb ×1, spark ×1\) \|/,
    );
  });

  it('lists failures in the Markdown summary', () => {
    expect(summaryMarkdown(results)).toContain('- duckdb q06: wrong answer');
  });
});

describe('Method: median and geometricMean', () => {
  it('handle odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(geometricMean([1, 100])).toBeCloseTo(10);
  });
});
