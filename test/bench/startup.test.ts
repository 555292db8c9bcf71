/** The startup bench's parts that need no engine: variants as given, a record's timeline, medians. */
import { parseVariant } from '../../bench/startup';
import { anonymous, medianTimeline, timelineOf } from '../../bench/startup-timeline';
import type { QueryRecord } from '../../src/history/types';

describe('Method: parseVariant', () => {
  it('reads a name and its settings', () => {
    expect(parseVariant('full-jit:METAQ_JVM_QUICK_START=0,JAVA_OPTS=-Xshare:off')).toEqual({
      name: 'full-jit',
      env: { METAQ_JVM_QUICK_START: '0', JAVA_OPTS: '-Xshare:off' },
    });
    expect(parseVariant('baseline')).toEqual({ name: 'baseline', env: {} });
  });

  it('refuses a setting that is not KEY=VALUE, naming it', () => {
    expect(() => parseVariant('x:quick')).toThrow(/"quick" is not KEY=VALUE/);
    expect(() => parseVariant(':A=1')).toThrow(/give it a name/);
  });
});

describe('Method: timelineOf', () => {
  const at = 1_000_000;
  const record = {
    phaseStarts: { provision: at },
    phaseEnds: { provision: at + 100, rendezvous: at + 900, start: at + 5000, query: at + 7000 },
    workerTimeline: [
      { index: 0, launchedAt: at + 50, readyAt: at + 800, rank: 0 },
      { index: 1, launchedAt: at + 60, readyAt: at + 850, rank: 1 },
      { index: 2, launchedAt: at + 70, readyAt: at + 3000 }, // a spare, dismissed: not waited for
    ],
    engineStartup: [
      { index: 1, rank: 1, marks: [{ label: 'start command', at: at + 950 }] },
      {
        index: 0,
        rank: 0,
        marks: [
          { label: 'start command', at: at + 920 },
          { label: 'ZooKeeper at 127.0.0.1:40123 to serve', at: at + 2500 },
        ],
      },
    ],
  } as unknown as QueryRecord;

  it("gives each milestone in ms since Provision started, the head's marks without addresses", () => {
    expect(timelineOf(record)).toEqual([
      { label: 'workers launched', ms: 100 },
      { label: 'workers ready', ms: 850 },
      { label: 'rendezvous over', ms: 900 },
      { label: 'head: start command', ms: 920 },
      { label: 'head: ZooKeeper at <host> to serve', ms: 2500 },
      { label: 'engine ready on every member', ms: 5000 },
      { label: 'query over', ms: 7000 },
    ]);
  });

  it('is empty for a record that never reached Provision', () => {
    expect(timelineOf({ phaseStarts: {}, phaseEnds: {} } as unknown as QueryRecord)).toEqual([]);
  });
});

describe('Method: medianTimeline', () => {
  it("takes each milestone's median over the runs, leaving out one seen in fewer than half", () => {
    const timelines = [
      [
        { label: 'a', ms: 1 },
        { label: 'b', ms: 10 },
      ],
      [
        { label: 'a', ms: 3 },
        { label: 'b', ms: 30 },
        { label: 'odd', ms: 5 },
      ],
      [
        { label: 'a', ms: 2 },
        { label: 'b', ms: 20 },
      ],
    ];
    expect(medianTimeline(timelines)).toEqual([
      { label: 'a', ms: 2 },
      { label: 'b', ms: 20 },
    ]);
  });

  it('names hosts and URLs alike in every run', () => {
    expect(anonymous('trino at http://127.77.0.1:8080/v1/info to take queries')).toBe(
      'trino at <url> to take queries',
    );
    expect(anonymous('drillbit 10.0.0.2:8047 to be ONLINE')).toBe('drillbit <host> to be ONLINE');
  });
});
