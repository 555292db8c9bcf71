import { type Reflector, startReflector } from '../../src/overlay/reflector';
import { openPairTransport } from '../../src/overlay/transport';
import { freePorts } from '../../src/session/ports';

// Punching through NATs is in isolation.test.ts; here, on one host, the choice between transports.
describe('Function: openPairTransport', () => {
  let reflector: Reflector;
  beforeEach(async () => {
    reflector = await startReflector({ host: '127.0.0.1' });
  });
  afterEach(() => reflector.close());

  function side(mode: 'punched' | 'relayed', index: number, peerPort: number, localPort: number) {
    return openPairTransport({
      mode,
      pair: 'q-1/0-1',
      side: index,
      reflector: reflector.address,
      localPort,
      peer: { address: '127.0.0.1', port: peerPort },
      punchDeadline: Date.now() + 600,
      relayMs: 3000,
    });
  }

  it('relays at once when asked to, counting the pair', async () => {
    const transports = await Promise.all([side('relayed', 0, 1, 0), side('relayed', 1, 1, 0)]);
    expect(transports.map((t) => [t.kind, t.punchFailure])).toEqual([
      ['relayed', undefined],
      ['relayed', undefined],
    ]);
    expect(reflector.relays).toBe(1);
    for (const t of transports) t.socket.destroy();
  });

  it('falls back to the relay when the pair cannot punch, saying why', async () => {
    // Each side dials a closed port that is not the other's: on loopback, two sides dialling each
    // other could meet in a real simultaneous open and make the test pass by punching.
    const [a, b, nobody] = [(await freePorts(1))[0], (await freePorts(1))[0], (await freePorts(1))[0]];
    const transports = await Promise.all([side('punched', 0, nobody, a), side('punched', 1, nobody, b)]);
    expect(transports.map((t) => t.kind)).toEqual(['relayed', 'relayed']);
    expect(transports[0].punchFailure).toMatch(`pair q-1/0-1: no TCP connection from local port ${a}`);
    expect(reflector.relays).toBe(1);
    for (const t of transports) t.socket.destroy();
  });
});
