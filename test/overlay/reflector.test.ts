import { once } from 'node:events';
import net from 'node:net';
import { RelayFailed } from '../../src/overlay/errors';
import { MuxSession } from '../../src/overlay/mux';
import { type Reflector, startReflector } from '../../src/overlay/reflector';
import { observe, relayed } from '../../src/overlay/reflector-client';
import { echo, exchange } from './pair';

describe('Function: startReflector', () => {
  let reflector: Reflector;
  beforeEach(async () => {
    reflector = await startReflector({ host: '127.0.0.1', relayWaitMs: 500 });
  });
  afterEach(() => reflector.close());

  it('tells a client the address and port it sees the connection come from', async () => {
    const seen = await observe(reflector.address, {});
    expect(seen.public).toEqual({ address: '127.0.0.1', port: seen.localPort });
    expect(seen.socket.localPort).toBe(seen.localPort);
    seen.socket.destroy();
  });

  it('observes from the local port it is asked to use', async () => {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((done) => probe.close(done));
    const seen = await observe(reflector.address, { localPort: port });
    expect(seen.public.port).toBe(port);
    seen.socket.destroy();
  });

  it('joins the two sides of a pair into one transport and counts the relay', async () => {
    const [a, b] = await Promise.all([
      relayed(reflector.address, 'session-1/0-1', '0', 2000),
      relayed(reflector.address, 'session-1/0-1', '1', 2000),
    ]);
    const [left] = [new MuxSession(a), new MuxSession(b, { accept: echo })];
    expect((await exchange(left.open('7077'), Buffer.from('through the relay'))).toString()).toBe(
      'through the relay',
    );
    expect(reflector.relays).toBe(1);
    a.destroy();
    b.destroy();
  });

  it('keeps pairs apart', async () => {
    const joined = await Promise.all([
      relayed(reflector.address, 'p', '0', 2000),
      relayed(reflector.address, 'q', '0', 2000),
      relayed(reflector.address, 'q', '1', 2000),
      relayed(reflector.address, 'p', '1', 2000),
    ]);
    for (const socket of joined) socket.resume(); // relayed() hands them over paused, as a handshake must
    joined[0].write('to p1\n');
    joined[1].write('to q1\n');
    const [fromP] = await once(joined[3], 'data');
    const [fromQ] = await once(joined[2], 'data');
    expect([String(fromP), String(fromQ)]).toEqual(['to p1\n', 'to q1\n']);
    expect(reflector.relays).toBe(2);
    for (const socket of joined) socket.destroy();
  });

  it('fails with RelayFailed naming the pair when the other side does not come', async () => {
    const failure = relayed(reflector.address, 'session-2/1-2', '1', 2000);
    await expect(failure).rejects.toThrow(RelayFailed);
    await expect(failure).rejects.toThrow(
      /pair session-2\/1-2 could not be relayed .*: the other side of pair session-2\/1-2 did not come within 500 ms/,
    );
    expect(reflector.relays).toBe(0);
  });

  it('refuses a request it does not know', async () => {
    const socket = net.connect(reflector.address.port, '127.0.0.1');
    socket.end('{"op":"scan"}\n');
    const [reply] = await once(socket, 'data');
    expect(String(reply)).toContain('unknown request {\\"op\\":\\"scan\\"}');
  });

  it('fails with RelayFailed when the reflector cannot be reached', async () => {
    await reflector.close();
    await expect(relayed(reflector.address, 'p', '0', 1000)).rejects.toThrow(/cannot reach the reflector/);
    reflector = await startReflector({ host: '127.0.0.1' });
  });
});
