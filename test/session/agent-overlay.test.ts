/** The isolated worker's settings, its ports and the record of its pairs, without namespaces. */
import { InvalidEnvironmentSetting, MissingSetting, settings } from '../../src/config';
import { overlayWindows } from '../../src/overlay/windows';
import { agentNetwork } from '../../src/session/agent-overlay';
import { isolatedRange } from '../../src/session/ports';
import { overlayUse } from '../../src/session/start-engine';
import type { WorkerItem } from '../../src/session/types';

describe('Settings: METAQ_NETWORK and METAQ_OVERLAY', () => {
  it('default to direct and punched', () => {
    expect(settings({})).toMatchObject({ network: 'direct', overlay: 'punched', reflector: undefined });
  });

  it('refuse any other value, naming the variable and the words it takes', () => {
    expect(() => settings({ METAQ_NETWORK: 'lambda' })).toThrow(
      new InvalidEnvironmentSetting('METAQ_NETWORK is "lambda": set it to one of direct, isolated'),
    );
    expect(() => settings({ METAQ_OVERLAY: 'udp' })).toThrow(
      'METAQ_OVERLAY is "udp": set it to one of punched, relayed',
    );
  });
});

describe('Function: agentNetwork', () => {
  it('is undefined for a direct worker, the reflector and transport for an isolated one', () => {
    expect(agentNetwork(settings({}))).toBeUndefined();
    expect(
      agentNetwork(
        settings({
          METAQ_NETWORK: 'isolated',
          METAQ_OVERLAY: 'relayed',
          METAQ_REFLECTOR: '203.0.113.1:3478',
        }),
      ),
    ).toEqual({ mode: 'relayed', reflector: { address: '203.0.113.1', port: 3478 } });
  });

  it('names METAQ_REFLECTOR when an isolated worker has none', () => {
    expect(() => agentNetwork(settings({ METAQ_NETWORK: 'isolated' }))).toThrow(MissingSetting);
    expect(() => agentNetwork(settings({ METAQ_NETWORK: 'isolated' }))).toThrow(/METAQ_REFLECTOR/);
  });
});

describe('Function: overlayWindows', () => {
  it('takes the punch and relay windows from the rendezvous limit, both inside it', () => {
    expect(overlayWindows(60)).toEqual({ punchMs: 10_000, relayMs: 15_000 });
    expect(overlayWindows(180)).toEqual({ punchMs: 30_000, relayMs: 45_000 });
    for (const seconds of [12, 60, 180, 900]) {
      const { punchMs, relayMs } = overlayWindows(seconds);
      expect(punchMs + relayMs).toBeLessThan(seconds * 1000);
    }
  });

  it('leaves a punch at least one SYN retransmission and the relay two seconds on a tiny limit', () => {
    expect(overlayWindows(1)).toEqual({ punchMs: 1000, relayMs: 2000 });
  });
});

describe('Function: isolatedRange', () => {
  it('gives each launch index a range of its own, below the ephemeral ports', () => {
    expect(isolatedRange(0, 4)).toEqual([20000, 20001, 20002, 20003]);
    expect(isolatedRange(2, 4)).toEqual([20008, 20009, 20010, 20011]);
    expect(Math.max(...isolatedRange(240, 16))).toBeLessThan(32768);
  });
});

describe('Function: overlayUse', () => {
  const started = (index: number, transports: Record<number, 'punched' | 'relayed'>) =>
    ({ index, ack: { seq: 1, ok: true, at: 0, transports } }) as unknown as WorkerItem;

  it('names every pair once, relayed when either side was relayed', () => {
    expect(
      overlayUse([
        started(0, { 1: 'punched', 2: 'relayed' }),
        started(1, { 0: 'punched', 2: 'punched' }),
        started(2, { 0: 'punched', 1: 'punched' }),
      ]),
    ).toEqual({ punched: ['0-1', '1-2'], relayed: ['0-2'] });
  });

  it('is undefined when the members were not isolated', () => {
    expect(
      overlayUse([{ index: 0, ack: { seq: 1, ok: true, at: 0 } } as unknown as WorkerItem]),
    ).toBeUndefined();
  });
});
