import { LabProcess } from './lab-process';
import { buildLab, type Lab, leftovers, REFLECTOR_ADDRESS, removeStaleLabs, requireLabTools } from './netns';

/*
 * The local proof that the overlay works where workers accept no connections: three workers, each in
 * its own network namespace behind its own NAT that drops inbound connections, and the reflector in
 * a "public" namespace. Needs root; without it every test here fails, saying so.
 */

// The process id in the prefix lets a later run tell a dead run's lab (removeStaleLabs) from a live one.
const prefix = `mqov${process.pid}`;
const REFLECTOR = { address: REFLECTOR_ADDRESS, port: 3478 };
const ENGINE_PORT = 7000;
type Observed = { public: { address: string; port: number }; localPort: number };
type Connected = { transports: Record<string, string>; ms: number };

describe('Overlay between isolated workers (network namespaces behind NATs)', () => {
  let lab: Lab | undefined;
  let reflector: LabProcess;
  const running: LabProcess[] = [];

  function start(ns: string, script: string, config: object): LabProcess {
    const process = new LabProcess(ns, `test/overlay/${script}`, config);
    running.push(process);
    return process;
  }

  async function relays(): Promise<number> {
    reflector.send({});
    return (await reflector.next<{ relays: number }>('relays')).relays;
  }

  /** Starts one member per worker, lets them punch (or relay), and asks every peer from every member. */
  async function clusterOf(mode: 'punched' | 'relayed', punchMs: number) {
    const labWorkers = (lab as Lab).workers;
    const members = labWorkers.map((w, index) =>
      start(w.ns, 'lab-member.ts', { index, port: ENGINE_PORT, reflector: REFLECTOR, mode }),
    );
    const observed = await Promise.all(members.map((m) => m.next<Observed>('observed')));
    const punchDeadline = Date.now() + punchMs;
    for (const [index, member] of members.entries()) {
      member.send({
        peers: observed
          .map((o, peer) => ({ index: peer, public: o.public }))
          .filter((p) => p.index !== index),
        punchDeadline,
      });
    }
    const connected = await Promise.all(members.map((m) => m.next<Connected>('connected', punchMs + 20_000)));
    const answers: string[] = [];
    for (const [index, member] of members.entries()) {
      for (const peer of labWorkers.keys()) {
        if (peer === index) continue;
        member.send({ ask: peer, text: `from ${index}` });
        answers.push((await member.next<{ answer: string }>('answer')).answer);
      }
    }
    await Promise.all(members.map((m) => m.stop()));
    console.info(`${mode}: every pair connected within ${Math.max(...connected.map((c) => c.ms))} ms`);
    return { observed, transports: connected.map((c) => Object.values(c.transports)), answers };
  }

  const expectedAnswers = [
    'member 1 heard: from 0',
    'member 2 heard: from 0',
    'member 0 heard: from 1',
    'member 2 heard: from 1',
    'member 0 heard: from 2',
    'member 1 heard: from 2',
  ];

  beforeAll(async () => {
    requireLabTools();
    removeStaleLabs();
    lab = buildLab(prefix, 3);
    reflector = start(lab.publicNs, 'lab-reflector.ts', { host: REFLECTOR.address, port: REFLECTOR.port });
    await reflector.next('listening');
  });

  afterEach(async () => {
    await Promise.all(running.filter((p) => p !== reflector).map((p) => p.stop()));
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    lab?.teardown();
    if (lab) expect(leftovers(prefix)).toEqual([]);
  });

  it('control: a worker cannot connect to another worker, only out to the reflector', async () => {
    const { workers } = lab as Lab;
    await start(workers[1].ns, 'lab-probe.ts', { listen: ENGINE_PORT }).next('listening');
    const probe = async (address: string, port: number) =>
      (
        await start(workers[0].ns, 'lab-probe.ts', { connect: { address, port }, timeoutMs: 2000 }).next<{
          result: string;
        }>('probe')
      ).result;
    expect(await probe(workers[1].natAddress, ENGINE_PORT)).toBe('timeout'); // dropped by worker 1's NAT
    expect(await probe(workers[1].privateAddress, ENGINE_PORT)).not.toBe('connected'); // not routed
    expect(await probe(REFLECTOR.address, REFLECTOR.port)).toBe('connected');
  });

  it('punched: workers learn their NAT mapping, punch every pair and carry engine connections', async () => {
    const before = await relays();
    const { observed, transports, answers } = await clusterOf('punched', 10_000);
    expect(observed.map((o) => o.public.address)).toEqual((lab as Lab).workers.map((w) => w.natAddress));
    // MASQUERADE kept each source port: the port the peers dial is the one the worker punches from.
    expect(observed.map((o) => o.public.port)).toEqual(observed.map((o) => o.localPort));
    expect(transports).toEqual([
      ['punched', 'punched'],
      ['punched', 'punched'],
      ['punched', 'punched'],
    ]);
    expect(answers).toEqual(expectedAnswers);
    expect(await relays()).toBe(before);
  });

  // Three pairs, each seen from both of its sides.
  const everyPairRelayed = Array.from({ length: 3 }, () => ['relayed', 'relayed']);

  it('relayed: when the NATs drop the punches, every pair falls back to the relay, counted', async () => {
    const before = await relays();
    (lab as Lab).blockPunching();
    try {
      const { transports, answers } = await clusterOf('punched', 3000);
      expect(transports).toEqual(everyPairRelayed);
      expect(answers).toEqual(expectedAnswers);
      expect(await relays()).toBe(before + 3);
    } finally {
      (lab as Lab).allowPunching();
    }
  });

  it('relayed by choice (METAQ_OVERLAY=relayed): no punch is tried, every pair is relayed', async () => {
    const before = await relays();
    const { transports, answers } = await clusterOf('relayed', 0);
    expect(transports).toEqual(everyPairRelayed);
    expect(answers).toEqual(expectedAnswers);
    expect(await relays()).toBe(before + 3);
  });
});
