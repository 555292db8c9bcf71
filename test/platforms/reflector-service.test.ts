/** The reflector service against the real local sessions table: publishes, refreshes, yields to a newer one. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../src/local/runtime';
import { observe } from '../../src/overlay/reflector-client';
import { publishReflector, reflectorEndpoint, STALE_MS } from '../../src/platforms/reflector-item';
import { serveReflector } from '../../src/platforms/reflector-service';
import { startLocalTables } from './local-dynamo';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalTables();
});
afterAll(() => runtime.stop());

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > end) return value as T;
    await sleep(20);
  }
}

describe('Method: serveReflector', () => {
  it('refreshes its item, stops publishing once a newer one has, and keeps serving until stopped', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const serving = serveReflector({
      port: 0,
      address: '127.0.0.1',
      refreshMs: 50,
      signal: stop.signal,
      log: (line) => lines.push(line),
    });
    const endpoint = await until(() => reflectorEndpoint().catch(() => undefined));
    const [address, port] = endpoint.split(':');
    expect(address).toBe('127.0.0.1');
    // Refreshed: seen from a moment when the first write would be stale, the item is still fresh.
    const first = Date.now();
    await sleep(300);
    await expect(reflectorEndpoint(first + STALE_MS + 100)).resolves.toBe(endpoint);

    const now = Date.now();
    await publishReflector({ address: '203.0.113.5', port: 3478, startedAt: now + 1000, refreshedAt: now });
    await until(async () => (lines.some((line) => line.includes('started later')) ? true : undefined));
    await sleep(120);
    await expect(reflectorEndpoint()).resolves.toBe('203.0.113.5:3478');
    const seen = await observe({ address, port: Number(port) });
    seen.socket.destroy();
    expect(seen.public.address).toBe('127.0.0.1');

    stop.abort();
    await expect(serving).resolves.toBe('stopped after relaying 0 pair(s)');
    expect(lines[0]).toBe(`reflector listening on port ${port}, published as ${endpoint}`);
  });
});
