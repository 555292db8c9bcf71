import os from 'node:os';
import { progressPrinter } from '../../src/cli/progress';
import { WORKERS_PER_CPU } from '../../src/config';
import type { EventLog } from '../../src/local/statemachine';
import { CapacityLedger, demandOf, localCapacity } from '../../src/platforms/capacity';
import type { HistoryEvent } from '../../src/serve/history-events';
import { markStates } from '../../src/serve/states';
import { testPlan } from './local-dynamo';

const one = { workers: 1, memoryMb: 1024 };

describe('Method: localCapacity', () => {
  it('defaults to the machine: workers per CPU (at least 4), 80% of its memory', () => {
    expect(localCapacity({})).toEqual({
      workers: Math.max(4, WORKERS_PER_CPU * os.cpus().length),
      memoryMb: Math.floor((0.8 * os.totalmem()) / 2 ** 20),
    });
  });

  it('is set by METAQ_LOCAL_MAX_WORKERS and METAQ_LOCAL_MAX_MEMORY_MB', () => {
    expect(localCapacity({ METAQ_LOCAL_MAX_WORKERS: '3', METAQ_LOCAL_MAX_MEMORY_MB: '4096' })).toEqual({
      workers: 3,
      memoryMb: 4096,
    });
  });
});

describe('Method: demandOf', () => {
  const capacity = { workers: 4, memoryMb: 8192 };

  it('is the workers and spares, and their memory', () => {
    expect(demandOf(testPlan({ workers: 2, spares: 1, memoryMb: 1024 }), capacity)).toEqual({
      workers: 3,
      memoryMb: 3072,
    });
  });

  it('leaves out the spares the capacity could never hold', () => {
    expect(demandOf(testPlan({ workers: 4, spares: 1, memoryMb: 1024 }), capacity)).toEqual({
      workers: 4,
      memoryMb: 4096,
    });
    expect(demandOf(testPlan({ workers: 2, spares: 2, memoryMb: 4096 }), capacity)).toEqual({
      workers: 2,
      memoryMb: 8192,
    });
  });

  it('refuses, naming the setting, workers that never fit', () => {
    expect(() => demandOf(testPlan({ workers: 5, spares: 0, memoryMb: 1024 }), capacity)).toThrow(
      expect.objectContaining({
        name: 'CapacityExceeded',
        message: expect.stringContaining('runs at most 4 at once (METAQ_LOCAL_MAX_WORKERS is 4)'),
      }),
    );
    expect(() => demandOf(testPlan({ workers: 1, spares: 0, memoryMb: 10240 }), capacity)).toThrow(
      'METAQ_LOCAL_MAX_MEMORY_MB is 8192, room for 0 worker(s) of 10240 MB',
    );
  });
});

describe('Class: CapacityLedger', () => {
  it('admits what fits, in the order asked, and the rest waits until a share is given back', () => {
    const ledger = new CapacityLedger(() => ({ workers: 2, memoryMb: 8192 }));
    expect(ledger.ask('a', one).admitted).toBe(true);
    expect(ledger.ask('b', one).admitted).toBe(true);
    expect(ledger.ask('c', one)).toMatchObject({ admitted: false, ahead: 0, inUse: { workers: 2 } });
    expect(ledger.ask('d', one)).toMatchObject({ admitted: false, ahead: 1 });
    ledger.release('a');
    // d asks first, but c waits ahead of it.
    expect(ledger.ask('d', one)).toMatchObject({ admitted: false, ahead: 1 });
    expect(ledger.ask('c', one).admitted).toBe(true);
    expect(ledger.ask('d', one).admitted).toBe(false);
    ledger.release('b');
    expect(ledger.ask('d', one).admitted).toBe(true);
    expect(ledger.inUse()).toEqual({ workers: 2, memoryMb: 2048 });
  });

  it('takes back the share of dismissed spares at once', () => {
    const ledger = new CapacityLedger(() => ({ workers: 3, memoryMb: 8192 }));
    expect(ledger.ask('a', { workers: 3, memoryMb: 3072 }).admitted).toBe(true);
    expect(ledger.ask('b', { workers: 1, memoryMb: 1024 }).admitted).toBe(false);
    ledger.shrink('a', 2, 1024);
    expect(ledger.ask('b', { workers: 1, memoryMb: 1024 }).admitted).toBe(true);
    expect(ledger.inUse()).toEqual({ workers: 3, memoryMb: 3072 });
  });

  it('counts memory as well as workers', () => {
    const ledger = new CapacityLedger(() => ({ workers: 10, memoryMb: 3000 }));
    expect(ledger.ask('a', { workers: 1, memoryMb: 2048 }).admitted).toBe(true);
    expect(ledger.ask('b', { workers: 1, memoryMb: 2048 }).admitted).toBe(false);
  });

  it('drops a waiting share nobody asks for any more, so that it holds up no one', () => {
    const ledger = new CapacityLedger(() => ({ workers: 1, memoryMb: 8192 }), 1000);
    ledger.ask('a', one, 0);
    ledger.ask('gone', one, 0);
    ledger.ask('c', one, 500);
    ledger.release('a');
    expect(ledger.ask('c', one, 1500)).toMatchObject({ admitted: true });
    expect(ledger.has('gone')).toBe(false);
  });
});

describe('WAITING where an execution shows', () => {
  const failed = (at: number): EventLog =>
    ({
      type: 'StateFailed',
      timestamp: at,
      state: { name: 'Provision', type: 'Task', input: null },
      Error: 'WaitingForCapacity',
      Cause: '2 of 2 worker(s) and 2048 of 8192 MB in use, 1 execution(s) waiting ahead',
    }) as EventLog;

  it('progress: one WAITING line, then how long the state waited', () => {
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    const state = { name: 'Provision', type: 'Task', input: null };
    print({ type: 'StateEntered', timestamp: 1000, state } as EventLog);
    print(failed(1010));
    print(failed(3000));
    print({ type: 'StateExited', timestamp: 4500, state: { ...state, output: {} } } as EventLog);
    expect(lines).toEqual([
      '  … Provision    WAITING for capacity: 2 of 2 worker(s) and 2048 of 8192 MB in use, 1 execution(s) waiting ahead',
      '  ✓ Provision    3.50 s (waited 3.49 s for capacity)',
    ]);
  });

  it('console: the state is waiting, not failed, and done once it exits', () => {
    const states = { Provision: { Type: 'Task' }, Rendezvous: { Type: 'Task' } };
    const event = (type: string, details: Record<string, unknown> = {}): HistoryEvent => ({
      id: 0,
      previousEventId: 0,
      timestamp: 0,
      type,
      ...details,
    });
    const waiting = [
      event('TaskStateEntered', { stateEnteredEventDetails: { name: 'Provision' } }),
      event('LambdaFunctionScheduled'),
      event('LambdaFunctionFailed', {
        lambdaFunctionFailedEventDetails: { error: 'WaitingForCapacity', cause: 'in use' },
      }),
      event('LambdaFunctionScheduled'),
    ];
    expect(markStates(states, waiting, 'RUNNING')[0]).toMatchObject({
      mark: 'waiting',
      invocations: 2,
      error: { error: 'WaitingForCapacity' },
    });
    const exited = [...waiting, event('TaskStateExited', { stateExitedEventDetails: { name: 'Provision' } })];
    expect(markStates(states, exited, 'RUNNING')[0]).toEqual(
      expect.objectContaining({ mark: 'done', error: undefined }),
    );
    expect(markStates(states, waiting, 'ABORTED')[0].mark).toBe('aborted');
  });
});
