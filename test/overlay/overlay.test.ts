import { RelayFailed } from '../../src/overlay/errors';
import { joinOverlay, pairName } from '../../src/overlay/overlay';
import { type Reflector, startReflector } from '../../src/overlay/reflector';
import { observe } from '../../src/overlay/reflector-client';

// Whole clusters joining over punched and relayed transports are in isolation.test.ts; here, what
// one worker does when a pair cannot be joined.
describe('Function: joinOverlay', () => {
  let reflector: Reflector;
  beforeEach(async () => {
    reflector = await startReflector({ host: '127.0.0.1', relayWaitMs: 300 });
  });
  afterEach(() => reflector.close());

  it('names each pair the same from both sides', () => {
    expect(pairName('q-7', 2, 0)).toBe('q-7/0-2');
    expect(pairName('q-7', 0, 2)).toBe('q-7/0-2');
  });

  it('fails naming the pair when a peer never comes, and closes what it opened', async () => {
    const observation = await observe(reflector.address);
    const joining = joinOverlay({
      sessionId: 'q-8',
      self: { index: 0, public: observation.public, ports: [7000] },
      peers: [{ index: 3, public: { address: '127.0.0.1', port: 1 }, ports: [7000] }],
      observation,
      reflector: reflector.address,
      mode: 'relayed',
      punchDeadline: Date.now(),
      relayMs: 2000,
    });
    const error = await joining.catch((e) => e);
    expect(error).toBeInstanceOf(RelayFailed);
    expect(error.message).toMatch(/^pair q-8\/0-3 could not be relayed/);
    expect(observation.socket.destroyed).toBe(true);
    expect(reflector.relays).toBe(0);
  });
});
