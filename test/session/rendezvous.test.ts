import { chooseMembers } from '../../src/session/rendezvous';
import type { WorkerItem, WorkerState } from '../../src/session/types';

const worker = (index: number, state: WorkerState, readyAt?: number, rank?: number): WorkerItem => ({
  pk: 's',
  sk: `worker#${index}`,
  index,
  state,
  launchedAt: 0,
  readyAt,
  rank,
  expiresAt: 0,
});

describe('Method: chooseMembers', () => {
  it('waits while fewer than needed are ready', () => {
    expect(
      chooseMembers([worker(0, 'ready', 5), worker(1, 'launched'), worker(2, 'launched')], 2),
    ).toBeUndefined();
  });

  it('admits the first ready by ready time and dismisses every other worker, ready or still starting', () => {
    const chosen = chooseMembers(
      [worker(0, 'launched'), worker(1, 'ready', 30), worker(2, 'ready', 10), worker(3, 'ready', 20)],
      2,
    );
    expect(chosen?.admitted.map((w) => w.index)).toEqual([2, 3]);
    expect(chosen?.dismissed.map((w) => w.index)).toEqual([0, 1]);
  });

  it('keeps the ranks of workers already admitted (a retried rendezvous admits no one twice)', () => {
    const chosen = chooseMembers(
      [worker(0, 'admitted', 50, 1), worker(1, 'admitted', 40, 0), worker(2, 'ready', 10)],
      2,
    );
    expect(chosen?.admitted.map((w) => w.index)).toEqual([1, 0]);
    expect(chosen?.dismissed.map((w) => w.index)).toEqual([2]);
  });
});
