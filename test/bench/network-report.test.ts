/** `bench network`'s summary: each path's medians and its ratios to direct. */
import { type NetworkResults, networkFigures, networkSummary } from '../../bench/network-report';

describe('Function: networkSummary', () => {
  const MIB = 1024 * 1024;
  const results: NetworkResults = {
    startedAt: '2026-12-03T17:00:00.000Z',
    repeat: 2,
    bytes: 64 * MIB,
    roundTrips: { count: 1000, size: 64 },
    host: { cpus: 2, loadBefore: 1, loadAfter: 1.5 },
    overlays: [
      { mode: 'punched', joinMs: 40 },
      { mode: 'relayed', joinMs: 30 },
    ],
    throughput: [
      { path: 'direct', repeat: 1, bytes: 64 * MIB, ms: 100 },
      { path: 'direct', repeat: 2, bytes: 64 * MIB, ms: 100 },
      { path: 'punched', repeat: 1, bytes: 64 * MIB, ms: 400 },
      { path: 'punched', repeat: 2, bytes: 64 * MIB, ms: 400 },
      { path: 'relayed', repeat: 1, bytes: 64 * MIB, ms: 800 },
      { path: 'relayed', repeat: 2, bytes: 64 * MIB, ms: 800 },
    ],
    rtt: [
      { path: 'direct', repeat: 1, count: 1000, size: 64, medianUs: 20, p95Us: 40 },
      { path: 'punched', repeat: 1, count: 1000, size: 64, medianUs: 100, p95Us: 200 },
      { path: 'relayed', repeat: 1, count: 1000, size: 64, medianUs: 150, p95Us: 400 },
    ],
  };

  it('gives each path its median throughput and round trip', () => {
    expect(networkFigures(results).map((f) => [f.path, f.mibPerS, f.medianUs, f.p95Us])).toEqual([
      ['direct', 640, 20, 40],
      ['punched', 160, 100, 200],
      ['relayed', 80, 150, 400],
    ]);
  });

  it('puts each path beside direct as a ratio', () => {
    const summary = networkSummary(results);
    expect(summary).toContain('| punched | 160 (160–160) | 0.25 | 100 | 5.00 | 200 | 5.00 |');
    expect(summary).toContain('| relayed | 80 (80–80) | 0.13 | 150 | 7.50 | 400 | 10.00 |');
    expect(summary).toContain('1-minute load 1.0 → 1.5');
  });
});
