/**
 * A query's result through metaq equals the same SQL run directly in a DuckDB outside metaq, for
 * Parquet, CSV and JSON tables in and results out. Real local DynamoDB, S3, workers and DuckDB.
 */
import path from 'node:path';
import { getRecord } from '../../src/history/store';
import { demoQueries, writeDemoData } from '../../src/local/demo-data';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { uploadTable } from '../../src/local/upload';
import { HANDLER_MEMORY_MB } from '../../src/plan/cost';
import { type Format, formats } from '../../src/plan/types';
import { expectedRows, resultRows } from '../support/results';
import { liveWorkers, startTestRuntime, tempDir } from '../support/runtime';

let runtime: LocalRuntime;
const scratch = tempDir('metaq-results-');
const data: Partial<
  Record<
    Format,
    { files: Record<string, string>; tables: Record<string, { location: string; format: Format }> }
  >
> = {};

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const format of formats) {
    const files = await writeDemoData(path.join(scratch, format), format, { customers: 300, orders: 2000 });
    const tables: Record<string, { location: string; format: Format }> = {};
    for (const [name, file] of Object.entries(files)) {
      const uploaded = await uploadTable(`${format}_${name}`, file);
      tables[name] = { location: `${uploaded.location}${path.basename(file)}`, format };
    }
    data[format] = { files, tables };
  }
});

afterAll(() => runtime.stop());

const cases = formats.flatMap((input, i) =>
  demoQueries.map((query, j) => ({
    input,
    output: formats[(i + j) % formats.length],
    title: query.title,
    sql: query.sql,
  })),
);

describe('one query end to end', () => {
  it.each(cases)('$input in, $output out: $title', async ({ input, output, sql }) => {
    const given = data[input];
    if (!given) throw new Error(`no ${input} data`);
    const report = await runLocalQuery({ sql, tables: given.tables, output: { format: output } });

    expect(report.error).toBeUndefined();
    expect(report.status).toBe('SUCCEEDED');
    expect(report.result?.files).toHaveLength(1);
    const actual = await resultRows(report.result?.files[0] ?? '', output, scratch);
    const expected = await expectedRows(sql, given.files, input, output, scratch);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    expect(report.result?.rows).toBe(expected.length);
    expect(report.result?.preview.length).toBe(Math.min(20, expected.length));
    expect(report.workers).toMatchObject({ launched: 1, admitted: 1, dismissed: 0, failed: 0 });
    expect(liveWorkers(report.queryId)).toEqual([]);
  });

  it('reports the phase timings, the plan and a cost', async () => {
    const report = await runLocalQuery({ sql: 'SELECT 42 AS answer' });
    expect(report.result?.preview).toEqual([{ answer: 42 }]);
    for (const phase of ['optimize', 'provision', 'rendezvous', 'start', 'query', 'collect', 'teardown']) {
      expect(report.timings[`${phase}Ms` as 'queryMs']).toBeGreaterThanOrEqual(0);
    }
    expect(report.timings.totalMs).toBeGreaterThan(report.timings.queryMs ?? Infinity);
    expect(report.plan).toMatchObject({ engine: 'duckdb', platform: 'local', workers: 1, spares: 0 });
    expect(report.cost?.usd).toBeGreaterThan(0);
    expect(report.cost?.breakdown.gbSeconds).toBeGreaterThan(0);
    // The handlers are billed for the time they ran: more than nothing, never more than their phases.
    const handlerMs = ((report.cost?.breakdown.handlerGbSeconds ?? 0) / (HANDLER_MEMORY_MB / 1024)) * 1000;
    const phasesMs = Object.entries(report.timings)
      .filter(([name]) => name !== 'totalMs')
      .reduce((sum, [, ms]) => sum + (ms ?? 0), 0);
    expect(handlerMs).toBeGreaterThan(0);
    expect(handlerMs).toBeLessThanOrEqual(phasesMs + 1);
  });

  it("keeps where the engine's start went: the head's marks, within the start phase", async () => {
    const report = await runLocalQuery({ sql: 'SELECT 42 AS answer' });
    const record = await getRecord(report.queryId);
    const head = record?.engineStartup?.find((member) => member.rank === 0);
    expect(head?.marks.map((mark) => mark.label)).toEqual(['start command']);
    const at = head?.marks[0].at ?? 0;
    expect(at).toBeGreaterThanOrEqual(record?.phaseStarts.start ?? Infinity);
    expect(at).toBeLessThanOrEqual(record?.phaseEnds.start ?? 0);
  });
});
