import type { EngineTraits } from '../../src/engines/types';
import { lambdaVcpus } from '../../src/plan/limits';
import { chooseSizing, type SizingRequest } from '../../src/plan/sizing';

const dialect = { backslashEscapes: false, dollarQuotes: false };
const config = { prefix: 'x.', accepted: 'x.threads', accepts: (key: string) => key === 'x.threads' };
const single: EngineTraits = {
  distributed: false,
  formats: ['parquet'],
  platforms: ['local', 'lambda', 'ecs'],
  portsPerWorker: 0,
  sql: dialect,
  config,
};
const networked: EngineTraits = {
  distributed: true,
  formats: ['parquet'],
  platforms: ['local', 'lambda', 'ecs'],
  portsPerWorker: 8,
  sql: dialect,
  config,
};
const limits = { timeoutSeconds: 600, rendezvousSeconds: 60 };

function size(request: Partial<SizingRequest>, traits = single) {
  return chooseSizing(
    { engine: 'duckdb', platform: 'lambda', inputBytes: 1e6, limits, ...request },
    () => traits,
  );
}

describe('Method: chooseSizing on lambda', () => {
  it('accepts what fits one invocation', () => {
    expect(size({ memoryMb: 10240, config: { 'x.threads': 6 } })).toMatchObject({
      memoryMb: 10240,
      workers: 1,
    });
    expect(size({ limits: { timeoutSeconds: 780, rendezvousSeconds: 60 } }).workers).toBe(1);
  });

  it('refuses a query longer than 15 minutes, naming the limit and what to choose', () => {
    expect(() => size({ limits: { timeoutSeconds: 900, rendezvousSeconds: 60 } })).toThrow(
      'limits.timeoutSeconds: a worker would need 1020 s (timeout 900 s + rendezvous 60 s + 60 s to start), ' +
        "more than Lambda's 15 min (900 s). Choose limits.timeoutSeconds of at most 780, or platform ecs",
    );
  });

  it('refuses more threads than the vCPUs Lambda gives that memory', () => {
    expect(() => size({ memoryMb: 4096, config: { 'x.threads': 4 } })).toThrow(
      'config.x.threads: 4 threads, but a Lambda worker of 4096 MB has 3 vCPU(s) (at most 6, one per 1769 MB). ' +
        'Choose threads of at most 3, more memoryMb (up to 10240 for 6 vCPUs), or platform ecs',
    );
    expect(() => size({ memoryMb: 10240, config: { 'x.threads': 8 } })).toThrow('has 6 vCPU(s)');
  });

  it('refuses more than 10,240 MB', () => {
    expect(() => size({ memoryMb: 16384 })).toThrow(
      "memoryMb: 16384 MB is more than Lambda's 10240 MB per worker. Choose at most 10240 MB",
    );
  });

  it('refuses engines whose workers connect to each other: Lambda accepts no inbound connections', () => {
    expect(() => size({ workers: 4 }, networked)).toThrow(
      "platform: duckdb workers must connect to each other, and Lambda accepts no inbound connections unless the stack runs the overlay's reflector, which this one does not. " +
        'Deploy the stack with the reflector on (docs/overlay.md), or choose platform ecs (Fargate tasks in one VPC)',
    );
  });

  it('has no such limits on ecs or local', () => {
    expect(size({ platform: 'ecs', limits: { timeoutSeconds: 7200, rendezvousSeconds: 60 } }).workers).toBe(
      1,
    );
    expect(size({ platform: 'ecs', workers: 4 }, networked).workers).toBe(4);
    expect(size({ platform: 'local', config: { 'x.threads': 32 } }).workers).toBe(1);
  });

  it('counts one vCPU per 1,769 MB begun, at most 6', () => {
    expect([128, 1769, 1770, 3538, 8192, 8846, 10240].map(lambdaVcpus)).toEqual([1, 1, 2, 2, 5, 6, 6]);
  });
});
