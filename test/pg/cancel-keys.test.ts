/** The keys of CancelRequest: each session its own, a wrong or stale key cancels nothing. */
import { CancelKeys } from '../../src/pg/cancel-keys';

describe('CancelKeys', () => {
  it('cancels the session the key was given to, and nothing once it is removed', () => {
    const keys = new CancelKeys();
    const first = { cancel: jest.fn() };
    const second = { cancel: jest.fn() };
    const key = keys.add(first);
    const other = keys.add(second);
    expect(other).not.toEqual(key);
    keys.cancel(key);
    keys.cancel({ pid: key.pid, secret: key.secret + 1 });
    expect(first.cancel).toHaveBeenCalledTimes(1);
    expect(second.cancel).not.toHaveBeenCalled();
    keys.remove(key);
    keys.cancel(key);
    expect(first.cancel).toHaveBeenCalledTimes(1);
  });
});
