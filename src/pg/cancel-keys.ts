/**
 * CancelRequest: a client cancels a running query from a second connection that carries only the
 * process id and secret key the first one got in BackendKeyData. The key finds the session; a
 * wrong key is ignored, as PostgreSQL ignores it (nothing tells the sender whether it matched).
 */
import { randomInt } from 'node:crypto';

export interface CancelKey {
  pid: number;
  secret: number;
}

export interface Cancellable {
  cancel(): void;
}

export class CancelKeys {
  private readonly sessions = new Map<string, Cancellable>();

  /** A fresh key for a session; give it back with remove() when the connection closes. */
  add(session: Cancellable): CancelKey {
    for (;;) {
      const key = { pid: randomInt(1, 2 ** 31 - 1), secret: randomInt(1, 2 ** 31 - 1) };
      if (this.sessions.has(id(key))) continue;
      this.sessions.set(id(key), session);
      return key;
    }
  }

  remove(key: CancelKey): void {
    this.sessions.delete(id(key));
  }

  cancel(key: CancelKey): void {
    this.sessions.get(id(key))?.cancel();
  }
}

const id = (key: CancelKey) => `${key.pid}:${key.secret}`;
