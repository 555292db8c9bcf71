import { once } from 'node:events';
import net from 'node:net';
import { forwardPeer, memberAlias, type PeerForwarding, serveMember } from '../../src/overlay/forward';
import type { MuxSession } from '../../src/overlay/mux';
import { pattern, sessionPair } from './pair';

/** An "engine": answers every connection with what it received, after the client half-closes. */
async function engine(host: string): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('error', () => {}); // a reset from the overlay is what some tests make happen
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => socket.end(Buffer.concat([Buffer.from(`${host}:`), ...chunks])));
  });
  server.listen(0, host);
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port };
}

function ask(host: string, port: number, question: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, allowHalfOpen: true }, () => socket.end(question));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

describe('Function: forwardPeer and serveMember', () => {
  // Two "agents" in one process: member 0's engine listens on 127.78.0.1, member 1's on 127.78.0.2;
  // each agent listens for its peer on the peer's alias (127.77.0.x), as it would on its own worker.
  const cleanups: Array<() => unknown> = [];
  let zero: MuxSession;
  let one: MuxSession;
  let ports: number[];

  beforeAll(async () => {
    const engines = [await engine('127.78.0.1'), await engine('127.78.0.2')];
    ports = engines.map((e) => e.port);
    [zero, one] = await sessionPair(
      { accept: serveMember({ host: '127.78.0.1', ports: [ports[0]] }) },
      { accept: serveMember({ host: '127.78.0.2', ports: [ports[1]] }) },
    );
    const forwards: PeerForwarding[] = [
      await forwardPeer(zero, { alias: memberAlias(1), ports: [ports[1]] }),
      await forwardPeer(one, { alias: memberAlias(0), ports: [ports[0]] }),
    ];
    cleanups.push(
      ...forwards.map((f) => () => f.close()),
      () => zero.close(),
      () => one.close(),
    );
    cleanups.push(...engines.map((e) => () => e.server.close()));
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('names members by loopback alias', () => {
    expect([memberAlias(0), memberAlias(2)]).toEqual(['127.77.0.1', '127.77.0.3']);
    expect(() => memberAlias(254)).toThrow('member index 254 has no loopback alias');
  });

  it("reaches each peer's engine through the peer's alias, both ways", async () => {
    expect((await ask('127.77.0.2', ports[1], Buffer.from('hi'))).toString()).toBe('127.78.0.2:hi');
    expect((await ask('127.77.0.1', ports[0], Buffer.from('ho'))).toString()).toBe('127.78.0.1:ho');
  });

  it('carries many concurrent connections, large and small, over the one session', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const question = pattern(i % 3 === 0 ? 3_000_000 : 500 + i, i);
        const [alias, port, host] =
          i % 2 ? ['127.77.0.2', ports[1], '127.78.0.2'] : ['127.77.0.1', ports[0], '127.78.0.1'];
        return ask(alias, port, question).then((answer) =>
          answer.equals(Buffer.concat([Buffer.from(`${host}:`), question])),
        );
      }),
    );
    expect(answers.every(Boolean)).toBe(true);
    expect([zero.streamCount, one.streamCount]).toEqual([0, 0]);
  });

  it('resets the connection when the peer refuses a port its engine does not declare', async () => {
    const [a, b] = await sessionPair({}, { accept: serveMember({ host: '127.78.0.2', ports: [ports[1]] }) });
    const stream = a.open('22');
    const [error] = await once(stream, 'error');
    expect(error.message).toContain(`port 22 is not one of the member's engine ports (${ports[1]})`);
    a.close();
    b.close();
  });

  it('resets the client when the engine behind the peer refuses the connection', async () => {
    const [a, b] = await sessionPair({}, { accept: serveMember({ host: '127.78.0.9', ports: [1] }) });
    const forwarding = await forwardPeer(a, { alias: '127.77.0.9', ports: [1] });
    await expect(ask('127.77.0.9', 1, Buffer.from('x'))).rejects.toMatchObject({ code: 'ECONNRESET' });
    await forwarding.close();
    a.close();
    b.close();
  });

  it('resets open connections when the pair session closes', async () => {
    const [a, b] = await sessionPair({}, { accept: serveMember({ host: '127.78.0.2', ports: [ports[1]] }) });
    const forwarding = await forwardPeer(a, { alias: '127.77.0.12', ports: [ports[1]] });
    const socket = net.connect({ host: '127.77.0.12', port: ports[1] });
    await once(socket, 'connect');
    socket.write('waiting');
    setTimeout(() => b.close(), 50);
    const [error] = await once(socket, 'error');
    expect(error.code).toBe('ECONNRESET');
    await forwarding.close();
  });

  it('fails to forward when the alias and port are taken, naming the address', async () => {
    await expect(forwardPeer(zero, { alias: memberAlias(1), ports: [ports[1]] })).rejects.toThrow(
      `127.77.0.2:${ports[1]}`,
    );
  });
});
