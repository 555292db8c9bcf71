/** Distributed engines on Lambda: refused without the reflector, checked against Lambda's limits with it. */
import { engineTraits } from '../../src/engines/registry';
import { overlayWindows } from '../../src/overlay/windows';
import { WORKER_MEMORY_SIZES, workerFunctionMemory, workerTmpMb } from '../../src/plan/lambda-workers';
import { lambdaLimits, runsOn } from '../../src/plan/limits';
import { type PlacementRequest, placeQuery } from '../../src/plan/placement';
import { chooseSizing, type SizingRequest } from '../../src/plan/sizing';

const GB = 1024 ** 3;
const limits = { timeoutSeconds: 600, rendezvousSeconds: 60 };

function spark(request: Partial<SizingRequest> = {}) {
  return chooseSizing(
    { engine: 'spark', platform: 'lambda', inputBytes: GB, limits, lambdaOverlay: true, ...request },
    engineTraits,
  );
}

function place(request: Partial<PlacementRequest> = {}) {
  return placeQuery(
    {
      engine: 'spark',
      defaultPlatform: 'lambda',
      inputBytes: GB,
      limits: { timeoutSeconds: 600 },
      config: {},
      lambdaOverlay: true,
      ...request,
    },
    engineTraits,
  );
}

describe('Function: runsOn', () => {
  it('lets a distributed engine on Lambda only with the overlay; the others as their traits say', () => {
    for (const engine of ['spark', 'drill', 'trino'] as const) {
      expect(runsOn(engineTraits(engine), 'lambda', false)).toBe(false);
      expect(runsOn(engineTraits(engine), 'lambda', true)).toBe(true);
      expect(runsOn(engineTraits(engine), 'ecs', false)).toBe(true);
    }
    // Flink is not yet shown over the overlay (docs/overlay.md): ECS only, reflector or not.
    expect(runsOn(engineTraits('flink'), 'lambda', true)).toBe(false);
    expect(runsOn(engineTraits('flink'), 'ecs', true)).toBe(true);
    expect(runsOn(engineTraits('duckdb'), 'lambda', false)).toBe(true);
  });
});

describe('Method: chooseSizing, a distributed engine on lambda', () => {
  it('without the reflector: refused, naming the platform and both fixes', () => {
    expect(() => spark({ lambdaOverlay: false })).toThrow(
      "platform: spark workers must connect to each other, and Lambda accepts no inbound connections unless the stack runs the overlay's reflector, which this one does not. " +
        'Deploy the stack with the reflector on (docs/overlay.md), or choose platform ecs (Fargate tasks in one VPC)',
    );
  });

  it('an engine not shown over the overlay (Flink) is not told to deploy the reflector', () => {
    for (const lambdaOverlay of [false, true]) {
      expect(() =>
        chooseSizing({ engine: 'flink', platform: 'lambda', inputBytes: GB, lambdaOverlay }, engineTraits),
      ).toThrow('platform: flink does not run on lambda. Choose one of: local, ecs');
    }
  });

  it('with it: accepted when the plan fits one invocation', () => {
    expect(spark({ workers: 4, memoryMb: 4096 })).toMatchObject({
      engine: 'spark',
      workers: 4,
      memoryMb: 4096,
    });
  });

  it('counts the overlay join in the 15 minutes: what one worker of DuckDB may take, Spark may not', () => {
    const { punchMs, relayMs } = overlayWindows(60);
    expect((punchMs + relayMs) / 1000).toBe(25);
    const long = { timeoutSeconds: 780, rendezvousSeconds: 60 };
    expect(
      chooseSizing({ engine: 'duckdb', platform: 'lambda', inputBytes: GB, limits: long }, engineTraits),
    ).toBeDefined();
    expect(() => spark({ limits: long })).toThrow(
      'limits.timeoutSeconds: a worker would need 925 s (timeout 780 s + rendezvous 60 s + 25 s to join the overlay + 60 s to start), ' +
        "more than Lambda's 15 min (900 s). Choose limits.timeoutSeconds of at most 755, or platform ecs",
    );
    expect(spark({ limits: { timeoutSeconds: 755, rendezvousSeconds: 60 } }).engine).toBe('spark');
  });

  it("refuses more memory than Lambda's 10,240 MB", () => {
    expect(() => spark({ memoryMb: 16384 })).toThrow(
      "memoryMb: 16384 MB is more than Lambda's 10240 MB per worker. Choose at most 10240 MB, more workers of a distributed engine, or platform ecs",
    );
  });

  it('refuses a share of the input larger than the /tmp of the function the plan gets', () => {
    expect(() => spark({ workers: 4, memoryMb: 2048, inputBytes: 100 * GB })).toThrow(
      'workers: each of 4 worker(s) may write its share of the input, 25600 MB, to its /tmp, and a Lambda worker of 2048 MB has 4096 MB. ' +
        `Choose at least 25 workers, more memoryMb (/tmp is twice the memory, at most ${lambdaLimits.memoryMb} MB), or platform ecs`,
    );
    // 3000 MB runs in the 4096 MB function, whose /tmp is 8192 MB, not 6000.
    expect(spark({ workers: 2, memoryMb: 3000, inputBytes: (16000 * GB) / 1024 }).workers).toBe(2);
    expect(() => spark({ workers: 2, memoryMb: 3000, inputBytes: (16400 * GB) / 1024 })).toThrow(
      'has 8192 MB',
    );
  });

  it('maps a plan to the smallest worker function that holds it', () => {
    expect([128, 1024, 1025, 3000, 8193, 10240].map(workerFunctionMemory)).toEqual([
      1024, 1024, 2048, 4096, 10240, 10240,
    ]);
    expect(WORKER_MEMORY_SIZES.map(workerTmpMb)).toEqual([2048, 4096, 8192, 10240, 10240]);
  });
});

describe('Method: placeQuery, when the input names no platform', () => {
  it('on AWS with the reflector, a distributed engine that fits goes to Lambda, and the plan says why', () => {
    const placed = place();
    expect(placed).toMatchObject({ platform: 'lambda', limits: { rendezvousSeconds: 60 } });
    expect(placed.sizing.reasons).toContain(
      'platform lambda: spark workers start without pulling an image, and reach each other through the overlay',
    );
  });

  it('without the reflector it goes to ECS, where it used to be refused', () => {
    const placed = place({ lambdaOverlay: false });
    expect(placed).toMatchObject({ platform: 'ecs', limits: { rendezvousSeconds: 180 } });
    expect(placed.sizing.reasons.at(-1)).toMatch(
      /^platform ecs: not lambda, where platform: spark workers must connect to each other/,
    );
  });

  it("past Lambda's limits it goes to ECS, the reason naming the limit", () => {
    const placed = place({ limits: { timeoutSeconds: 800 } });
    expect(placed.platform).toBe('ecs');
    expect(placed.sizing.reasons.at(-1)).toMatch(/^platform ecs: not lambda, where limits.timeoutSeconds: /);
    expect(place({ engine: 'auto', inputBytes: 200 * GB })).toMatchObject({
      platform: 'ecs',
      sizing: { engine: 'spark', workers: 8 },
    });
  });

  it('engine auto spreads a large input over Spark on Lambda with the reflector, DuckDB without', () => {
    expect(place({ engine: 'auto', inputBytes: 40 * GB })).toMatchObject({
      platform: 'lambda',
      sizing: { engine: 'spark', workers: 8, memoryMb: 8192 },
    });
    const without = place({ engine: 'auto', inputBytes: 40 * GB, lambdaOverlay: false });
    expect(without).toMatchObject({ platform: 'lambda', sizing: { engine: 'duckdb', workers: 1 } });
    expect(without.sizing.reasons[0]).toMatch(
      /only duckdb runs on lambda; choose platform ecs, or deploy the stack with the reflector on/,
    );
  });

  it('keeps a platform the user names, and the default of a local deployment', () => {
    expect(() => place({ platform: 'lambda', lambdaOverlay: false })).toThrow(/^platform: spark workers/);
    expect(() => place({ platform: 'lambda', limits: { timeoutSeconds: 800 } })).toThrow(
      /^limits.timeoutSeconds: a worker would need 945 s/,
    );
    expect(place({ defaultPlatform: 'local', lambdaOverlay: false }).platform).toBe('local');
    expect(place({ engine: 'duckdb', lambdaOverlay: false })).toMatchObject({ platform: 'lambda' });
  });
});
