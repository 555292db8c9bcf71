/**
 * A worker whose answer cannot be written says so: the agent runs in this process against the real
 * local DynamoDB, driven by the real StartEngine and Submit; its engine (the one thing faked) writes
 * its result as 12,000 part files, whose list makes the acknowledgement larger than DynamoDB's
 * 400 KB item limit. The write is refused; the worker acknowledges `AcknowledgeFailed` with the
 * cause instead, and Submit fails with it, not with the silence it would read as `WorkerLost`.
 * No worker process and no engine are started.
 */
import type { LocalRuntime } from '../../src/local/runtime';
import { runAgent } from '../../src/session/agent';
import { QueryFailed } from '../../src/session/errors';
import { startEngine } from '../../src/session/start-engine';
import { admit, getWorker, markStopped } from '../../src/session/store';
import { submit } from '../../src/session/submit';
import { openSession, startLocalTables, testPlan } from '../platforms/local-dynamo';
import { tempDir } from '../support/runtime';

jest.mock('../../src/engines/registry', () => {
  const actual = jest.requireActual('../../src/engines/registry');
  const duckdb = actual.engine('duckdb');
  const files = Array.from(
    { length: 12_000 },
    (_, part) => `s3://metaq-results/results/q-wide/part-${String(part).padStart(5, '0')}.parquet`,
  );
  const fake = {
    ...duckdb,
    start: async () => ({
      run: async () => ({ rows: 1, columns: [{ name: 'x', type: 'INTEGER' }], preview: [{ x: 1 }], files }),
      stop: async () => undefined,
    }),
  };
  return { ...actual, engine: (name: string) => (name === 'duckdb' ? fake : actual.engine(name)) };
});

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalTables();
}, 60_000);
afterAll(() => runtime.stop());

it('a refused acknowledgement reaches Submit as AcknowledgeFailed with its cause, not as WorkerLost', async () => {
  const plan = testPlan({ engine: 'duckdb', platform: 'local', workers: 1, spares: 0 });
  await openSession(plan, 1);
  const lines: string[] = [];
  const folder = tempDir('metaq-ack-');
  const agent = runAgent({
    sessionId: plan.queryId,
    index: 0,
    deadline: Date.now() + 60_000,
    address: '127.0.0.1',
    workDir: folder,
    enginesDir: folder,
    startTimeoutMs: 10_000,
    s3: { region: 'us-east-1', pathStyle: true },
    faults: {},
    pollMs: 20,
    heartbeatMs: 100,
    maxFailures: 50,
    log: (line) => lines.push(line),
  });
  try {
    let ready = await getWorker(plan.queryId, 0);
    while (ready?.state !== 'ready') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ready = await getWorker(plan.queryId, 0);
    }
    await admit(plan.queryId, 0, 0, Date.now());
    const members = [{ index: 0, rank: 0, address: ready.address ?? '', ports: ready.ports ?? [] }];
    await startEngine(plan, { members, dismissed: [] });

    const failure = await submit(plan, { members, dismissed: [] }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(QueryFailed);
    expect((failure as Error).message).toMatch(
      /^duckdb could not run the query: the worker could not report its answer: ValidationException: Item size (to update )?has exceeded the maximum allowed size/,
    );

    // What the worker wrote in place of the answer: named, with the cause, without the result.
    const { ack } = (await getWorker(plan.queryId, 0)) ?? {};
    expect(ack).toMatchObject({
      seq: 2,
      ok: false,
      error: {
        name: 'AcknowledgeFailed',
        message: expect.stringMatching(
          /^the worker could not report its answer: ValidationException: Item size (to update )?has exceeded/,
        ),
      },
    });
    expect(ack?.result).toBeUndefined();
    expect(lines).toContainEqual(
      expect.stringMatching(/^command 2: acknowledging failed: ValidationException/),
    );
    expect(lines).toContain('command 2 acknowledged');
  } finally {
    // The worker lived on through the refused write and leaves when told to.
    await markStopped(plan.queryId, 0, Date.now());
  }
  await expect(agent).resolves.toBe('stopped');
}, 60_000);
