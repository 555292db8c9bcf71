/**
 * Scheduled reports: next run times from EventBridge expressions (croner), and a schedule with a
 * one-minute rate that runs twice on the real local runtime, moved by a clock the test holds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../../src/config';
import { installDuckdb } from '../../src/engines/duckdb/install';
import { getRecord } from '../../src/history/store';
import { InvalidSchedule } from '../../src/schedules/config';
import { schedulesPage } from '../../src/serve/console-api';
import { nextRuns } from '../../src/serve/expressions';
import { type RunningServe, startServe } from '../../src/serve/server';
import { ManualClock } from './manual-clock';
import { eventually, tempDir, workersOf } from './support';

const utc = (iso: string) => new Date(iso);
const runs = (expression: string, timezone: string, after: string, count = 3) =>
  nextRuns({ name: 'test', expression, timezone }, utc(after), utc(after), count).map((at) =>
    at.toISOString(),
  );

describe('Method: nextRuns', () => {
  it('reads cron in the schedule time zone (06:00 in Zurich is 05:00 UTC in winter, 04:00 in summer)', () => {
    expect(runs('cron(0 6 * * ? *)', 'Europe/Zurich', '2026-11-26T12:00:00Z', 2)).toEqual([
      '2026-11-27T05:00:00.000Z',
      '2026-11-28T05:00:00.000Z',
    ]);
    expect(runs('cron(0 6 * * ? *)', 'Europe/Zurich', '2026-07-01T12:00:00Z', 1)).toEqual([
      '2026-07-02T04:00:00.000Z',
    ]);
  });

  it('numbers weekdays as EventBridge does (1 = Sunday) and knows L and #', () => {
    // 2026-11-26 is a Thursday.
    expect(runs('cron(0 10 ? * 2 *)', 'UTC', '2026-11-26T12:00:00Z', 1)).toEqual([
      '2026-11-30T10:00:00.000Z',
    ]);
    expect(runs('cron(0 10 ? * MON-FRI *)', 'UTC', '2026-11-26T12:00:00Z', 2)).toEqual([
      '2026-11-27T10:00:00.000Z',
      '2026-11-30T10:00:00.000Z',
    ]);
    expect(runs('cron(0 10 ? * 6L *)', 'UTC', '2026-11-26T12:00:00Z', 1)).toEqual([
      '2026-11-27T10:00:00.000Z',
    ]);
    expect(runs('cron(0 10 ? * 3#2 *)', 'UTC', '2026-11-26T12:00:00Z', 1)).toEqual([
      '2026-12-08T10:00:00.000Z',
    ]);
  });

  it('takes start/step fields and the year field', () => {
    expect(runs('cron(0/20 * * * ? *)', 'UTC', '2026-11-26T12:05:00Z')).toEqual([
      '2026-11-26T12:20:00.000Z',
      '2026-11-26T12:40:00.000Z',
      '2026-11-26T13:00:00.000Z',
    ]);
    expect(runs('cron(0 0 1 1 ? 2030)', 'UTC', '2026-11-26T12:00:00Z', 2)).toEqual([
      '2030-01-01T00:00:00.000Z',
    ]);
  });

  it('counts a rate from when the scheduler started', () => {
    const anchor = utc('2026-11-26T12:00:00Z');
    const at = (after: string) =>
      nextRuns({ name: 'r', expression: 'rate(5 minutes)', timezone: 'UTC' }, utc(after), anchor, 2).map(
        (d) => d.toISOString(),
      );
    expect(at('2026-11-26T12:00:00Z')).toEqual(['2026-11-26T12:05:00.000Z', '2026-11-26T12:10:00.000Z']);
    expect(at('2026-11-26T12:07:30Z')).toEqual(['2026-11-26T12:10:00.000Z', '2026-11-26T12:15:00.000Z']);
  });

  it('refuses a field croner cannot read, naming the schedule', () => {
    expect(() => runs('cron(61 * * * ? *)', 'UTC', '2026-11-26T12:00:00Z')).toThrow(InvalidSchedule);
    expect(() => runs('cron(61 * * * ? *)', 'UTC', '2026-11-26T12:00:00Z')).toThrow(/^test: cron\(61/);
  });
});

describe('a schedule with a one-minute rate, on the real local runtime', () => {
  const name = 'every-minute';
  const start = Date.parse('2026-11-26T12:00:00Z');
  const clock = new ManualClock(start);
  let serve: RunningServe;

  beforeAll(async () => {
    const cwd = tempDir();
    process.env.METAQ_HOME = path.join(cwd, '.metaq');
    installDuckdb(settings().enginesDir, () => undefined);
    const folder = path.join(cwd, 'schedules');
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, `${name}.json`),
      JSON.stringify({
        name,
        expression: 'rate(1 minute)',
        input: { sql: 'SELECT 42 AS answer', tags: { owner: 'test' } },
        output: { format: 'csv', location: 's3://metaq-reports/every-minute/{date}/' },
      }),
    );
    writeFileSync(
      path.join(folder, 'off.json'),
      JSON.stringify({
        name: 'off',
        expression: 'rate(1 minute)',
        enabled: false,
        input: { sql: 'SELECT 1' },
        output: { location: 's3://metaq-reports/off/{date}/' },
      }),
    );
    serve = await startServe({ port: 0, schedulesFolder: folder, clock });
  });
  afterAll(() => serve?.close());

  /** Moves the clock one minute once the scheduler sleeps, and gives the run it starts. */
  async function nextMinute(previous?: string) {
    await eventually(() => (clock.sleeping === 1 ? true : undefined));
    clock.advance(60_000);
    const run = await eventually(() => {
      const last = serve.scheduler.status().find((status) => status.schedule.name === name)?.lastRun;
      return last && last.name !== previous ? last : undefined;
    });
    await serve.executions.get(run.name)?.finished;
    return run;
  }

  it('runs twice, each run tagged with its schedule and writing to its own dated folder', async () => {
    const first = await nextMinute();
    const second = await nextMinute(first.name);
    expect([first.at, second.at]).toEqual(['2026-11-26T12:01:00.000Z', '2026-11-26T12:02:00.000Z']);
    for (const [run, date] of [
      [first, '2026-11-26T12:01:00Z'],
      [second, '2026-11-26T12:02:00Z'],
    ] as const) {
      const record = await getRecord(run.name);
      expect(record).toMatchObject({
        status: 'SUCCEEDED',
        schedule: name,
        tags: { schedule: name, owner: 'test' },
        result: { rows: 1, format: 'csv', location: `s3://metaq-reports/every-minute/${date}/` },
      });
    }
    expect(workersOf(process.env.METAQ_HOME as string)).toEqual([]);
  });

  it('shows the schedules with their last and next runs; a disabled one never runs', async () => {
    const page = await schedulesPage({
      executions: serve.executions,
      scheduler: serve.scheduler,
      endpoints: { api: serve.url, s3: '', dynamodb: '' },
      schedulesFolder: '',
    });
    const byName = Object.fromEntries(page.schedules.map((schedule) => [schedule.name, schedule]));
    expect(byName[name]).toMatchObject({
      enabled: true,
      lastRun: { at: '2026-11-26T12:02:00.000Z', status: 'SUCCEEDED' },
      nextRuns: ['2026-11-26T12:03:00.000Z', '2026-11-26T12:04:00.000Z', '2026-11-26T12:05:00.000Z'],
    });
    expect(byName.off).toMatchObject({ enabled: false, nextRuns: [] });
    expect(byName.off.lastRun).toBeUndefined();
  });
});
