/**
 * StartEngine with isolated members, against the real local DynamoDB; the workers' answers are
 * written by the test: the start command carries the pairs' shared punch deadline and every
 * member's public endpoint, and a pair that could not even be relayed fails as RendezvousTimeout
 * naming the pair.
 */
import type { LocalRuntime } from '../../src/local/runtime';
import { RendezvousTimeout } from '../../src/session/errors';
import { startEngine } from '../../src/session/start-engine';
import { acknowledge, admit, getWorker, registerReady } from '../../src/session/store';
import type { Member } from '../../src/session/types';
import { openSession, startLocalTables, testPlan } from '../platforms/local-dynamo';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalTables();
}, 60_000);
afterAll(() => runtime.stop());

it('a pair that can neither punch nor relay fails the start as RendezvousTimeout naming the pair', async () => {
  const plan = testPlan({ engine: 'trino', platform: 'local', workers: 2, spares: 0 });
  await openSession(plan, 2);
  const members: Member[] = [0, 1].map((index) => ({
    index,
    rank: index,
    address: `127.77.0.${index + 1}`,
    ports: [20000 + 4 * index],
    public: { address: `203.0.113.${10 + index}`, port: 40000 + index },
  }));
  for (const member of members) {
    await registerReady(plan.queryId, member.index, member.address, member.ports, Date.now(), member.public);
    await admit(plan.queryId, member.index, member.rank, Date.now());
  }
  const starting = startEngine(plan, { members, dismissed: [] });
  const outcome = starting.catch((error: Error) => error);
  let command = (await getWorker(plan.queryId, 1))?.command;
  while (!command) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    command = (await getWorker(plan.queryId, 1))?.command;
  }
  expect(command).toMatchObject({ kind: 'start', members, punchDeadline: expect.any(Number) });
  const pair = `${plan.queryId}/0-1`;
  await acknowledge(plan.queryId, 1, {
    seq: 1,
    ok: false,
    at: Date.now(),
    error: {
      name: 'RelayFailed',
      message: `pair ${pair} could not be relayed through 203.0.113.1:3478: no peer`,
    },
  });
  const error = await outcome;
  expect(error).toBeInstanceOf(RendezvousTimeout);
  expect(error).toMatchObject({ name: 'RendezvousTimeout', message: expect.stringContaining(pair) });
}, 60_000);
