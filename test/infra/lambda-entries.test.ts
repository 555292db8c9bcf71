import { logged, queryIdOf } from '../../infra/lambda/logged';
import { queryRecord } from '../../infra/lambda/query-record';
import { openRecord } from '../../src/history/store';
import type { LocalRuntime } from '../../src/local/runtime';
import { NotReadyYet } from '../../src/session/errors';
import { startLocalTables } from '../platforms/local-dynamo';

let runtime: LocalRuntime;
let lines: Record<string, unknown>[];
let spies: jest.SpyInstance[];

beforeAll(async () => {
  runtime = await startLocalTables();
});
afterAll(() => runtime.stop());
beforeEach(() => {
  lines = [];
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        // Not a log line.
      }
    }
    return true;
  };
  spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(capture),
  );
});
afterEach(() => {
  for (const spy of spies) spy.mockRestore();
});

describe('Method: logged', () => {
  it('returns the handler answer and logs one structured line with the state and query', async () => {
    const handler = logged('Provision', async (state: { plan: { queryId: string } }) => ({
      launched: state.plan.queryId,
    }));
    await expect(handler({ plan: { queryId: 'q-1' } })).resolves.toEqual({ launched: 'q-1' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Provision finished',
        service: 'metaq',
        state: 'Provision',
        queryId: 'q-1',
        ms: expect.any(Number),
      }),
    ]);
  });

  it('logs a failure as an error and throws it on, unchanged, for the state machine to match', async () => {
    const failure = Object.assign(new Error('duckdb: no such column'), { name: 'QueryFailed' });
    const handler = logged('Submit', async (_: { queryId: string }) => {
      throw failure;
    });
    await expect(handler({ queryId: 'q-2' })).rejects.toBe(failure);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'Submit failed',
      queryId: 'q-2',
      error: expect.objectContaining({ name: 'QueryFailed', message: 'duckdb: no such column' }),
    });
  });

  it('logs NotReadyYet, the Retry of a waiting state, as information', async () => {
    const handler = logged('Rendezvous', async () => {
      throw new NotReadyYet('still waiting for 2 ready worker(s)');
    });
    await expect(handler({})).rejects.toMatchObject({ name: 'NotReadyYet' });
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'Rendezvous still waiting',
      reason: 'still waiting for 2 ready worker(s)',
    });
  });

  it('finds the query in every kind of event', () => {
    expect(queryIdOf({ plan: { queryId: 'a' } })).toBe('a');
    expect(queryIdOf({ queryId: 'b' })).toBe('b');
    expect(queryIdOf({ detail: { name: 'c' } })).toBe('c');
    expect(queryIdOf({ pathParameters: { id: 'd' } })).toBe('d');
    expect(queryIdOf(undefined)).toBeUndefined();
  });
});

describe('Method: queryRecord (GET /queries/{id})', () => {
  it('returns the history record as metaq show --json does', async () => {
    await openRecord('q-api-1', { sql: 'SELECT 42', tags: { team: 'x' } }, new Date('2025-01-31T06:00:00Z'));
    const response = await queryRecord({ pathParameters: { id: 'q-api-1' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      queryId: 'q-api-1',
      status: 'RUNNING',
      sql: 'SELECT 42',
      createdAt: '2025-01-31T06:00:00.000Z',
      tags: { team: 'x' },
    });
  });

  it('answers 404 for a query it does not know', async () => {
    const response = await queryRecord({ pathParameters: { id: 'q-nope' } });
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ message: 'no query q-nope: POST /queries starts one' });
  });
});
