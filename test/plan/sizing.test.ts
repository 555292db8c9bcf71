import { engineTraits } from '../../src/engines/registry';
import { chooseSizing, ONE_WORKER_INPUT_BYTES, type SizingRequest } from '../../src/plan/sizing';

const limits = { timeoutSeconds: 600, rendezvousSeconds: 60 };

function auto(request: Partial<SizingRequest>) {
  return chooseSizing(
    { engine: 'auto', platform: 'local', inputBytes: 1e6, limits, ...request },
    engineTraits,
  );
}

describe('engine auto', () => {
  it('one DuckDB worker for input one worker can take, on every platform', () => {
    for (const platform of ['local', 'lambda', 'ecs'] as const) {
      const sizing = auto({ platform, inputBytes: ONE_WORKER_INPUT_BYTES });
      expect(sizing).toMatchObject({ engine: 'duckdb', workers: 1 });
      expect(sizing.reasons[0]).toBe('engine duckdb: 30720 MB of input fits one worker');
    }
  });

  it('a Spark cluster for more, where its workers can reach each other', () => {
    for (const platform of ['local', 'ecs'] as const) {
      const sizing = auto({ platform, inputBytes: ONE_WORKER_INPUT_BYTES + 1 });
      expect(sizing).toMatchObject({ engine: 'spark', workers: 8 });
      expect(sizing.reasons[0]).toBe('engine spark: 30721 MB of input, more than 30 GB for one worker');
    }
  });

  it('on Lambda, DuckDB still, and the reason names the platform that would spread the work', () => {
    const sizing = auto({ platform: 'lambda', inputBytes: 2 * ONE_WORKER_INPUT_BYTES, memoryMb: 10240 });
    expect(sizing).toMatchObject({ engine: 'duckdb', workers: 1 });
    expect(sizing.reasons[0]).toMatch(/only duckdb runs on lambda; choose platform ecs/);
  });

  it('an engine the user names is kept, whatever the input', () => {
    const sizing = chooseSizing(
      { engine: 'drill', platform: 'local', inputBytes: 2 * ONE_WORKER_INPUT_BYTES, limits },
      engineTraits,
    );
    expect(sizing.engine).toBe('drill');
    expect(sizing.reasons[0]).toBe('engine drill: chosen by the user');
  });
});

describe('spares', () => {
  it('none on the local platform: its processes start alike, and a spare costs a process', () => {
    expect(auto({ platform: 'local' })).toMatchObject({ engine: 'duckdb', workers: 1, spares: 0 });
    expect(auto({ platform: 'local', engine: 'spark', workers: 2 })).toMatchObject({ spares: 0 });
  });

  it('one for every 8 workers elsewhere', () => {
    expect(auto({ platform: 'lambda' })).toMatchObject({ workers: 1, spares: 1 });
    expect(auto({ platform: 'ecs', engine: 'spark', workers: 9 })).toMatchObject({ spares: 2 });
  });

  it('as many as the user asks for', () => {
    expect(auto({ platform: 'local', spares: 2 })).toMatchObject({ workers: 1, spares: 2 });
  });
});
