/**
 * `metaq schedules ls`: the scheduled reports with their next run times. A running `metaq serve`
 * answers for its own schedules (a rate counts from its start, and it knows the last runs);
 * otherwise the folder is read here and a rate counts from now.
 */
import path from 'node:path';
import { settings } from '../config';
import { loadSchedules } from '../schedules/config';
import { nextRuns } from '../serve/expressions';
import { findServe } from '../serve/registration';
import { table, truncate } from './render';

interface ScheduleRow {
  name: string;
  expression: string;
  timezone: string;
  enabled: boolean;
  output: { format: string; location: string };
  nextRuns: string[];
  lastRun?: { name?: string; at?: string; status?: string };
}

export async function listSchedulesCommand(options: { schedules: string; json?: boolean }): Promise<number> {
  const { rows, source } = await schedules(options.schedules);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(`no schedules in ${source}: add a <name>.json there (see README, "metaq serve")\n`);
    return 0;
  }
  const lines = rows.map((row) => [
    row.name,
    row.expression,
    row.timezone,
    row.enabled ? 'yes' : 'no',
    row.nextRuns.map((at) => inZone(at, row.timezone)).join('\n') || '-',
    row.lastRun ? `${row.lastRun.at?.slice(0, 19).replace('T', ' ')}Z ${row.lastRun.status ?? ''}` : '-',
    truncate(row.output.location, 48),
  ]);
  process.stdout.write(
    `${table(['schedule', 'expression', 'time zone', 'enabled', 'next runs (local time)', 'last run', 'output'], lines)}\n` +
      `schedules of ${source}\n`,
  );
  return 0;
}

async function schedules(folder: string): Promise<{ rows: ScheduleRow[]; source: string }> {
  const serve = await findServe(settings().home);
  if (serve) {
    const answer = await fetch(new URL('/api/schedules', serve.url), {
      headers: serve.token ? { authorization: `Bearer ${serve.token}` } : {},
    });
    const page = (await answer.json()) as { folder: string; schedules: ScheduleRow[] };
    return { rows: page.schedules, source: `metaq serve at ${serve.url} (${page.folder})` };
  }
  const now = new Date();
  const loaded = loadSchedules(path.resolve(folder));
  return {
    source: `${path.resolve(folder)} (metaq serve is not running: a rate counts from now)`,
    rows: loaded.map((schedule) => ({
      ...schedule,
      nextRuns: schedule.enabled ? nextRuns(schedule, now, now, 3).map((at) => at.toISOString()) : [],
    })),
  };
}

/** 2026-11-27 06:00 in the schedule's own zone, as its cron expression reads. */
function inZone(iso: string, timezone: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: timezone }).slice(0, 16);
}
