/**
 * `bench network`'s measurement without the lab: the sink, echo and client over plain loopback (what
 * every path runs) and the percentile. The lab run itself needs root and is the bench's, not a test's.
 */
import { once } from 'node:events';
import net from 'node:net';
import {
  echoServer,
  percentile,
  roundTrips,
  sinkServer,
  type Target,
  transfer,
} from '../../bench/network-measure';

async function serving(server: net.Server): Promise<Target> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
}

describe('Function: transfer', () => {
  const sink = sinkServer();
  afterAll(() => sink.close());

  it('times a transfer the sink confirms byte for byte, also when it ends inside a chunk', async () => {
    const to = await serving(sink);
    const bytes = 3 * 64 * 1024 + 5;
    expect(await transfer(to, bytes)).toBeGreaterThan(0);
  });
});

describe('Function: roundTrips', () => {
  const echo = echoServer();
  afterAll(() => echo.close());

  it('gives one time per counted round trip, the warm-up left out', async () => {
    const micros = await roundTrips(await serving(echo), 50, 64, 5);
    expect(micros).toHaveLength(50);
    expect(micros.every((us) => us > 0)).toBe(true);
  });

  it('fails, naming the target, when the far end closes', async () => {
    const closing = net.createServer((socket) => socket.destroy());
    const to = await serving(closing);
    await expect(roundTrips(to, 3, 8, 0)).rejects.toThrow(`127.0.0.1:${to.port}`);
    closing.close();
  });
});

describe('Function: percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
  });
});
