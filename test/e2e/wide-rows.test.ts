/**
 * A result with very wide rows: its preview is held to 32 KB (long values cut, rows dropped, and
 * the result says so), since it passes through a DynamoDB item and the execution's state, which
 * fail beyond 400 KB and 256 KB; the result files keep every value whole.
 */
import { getRecord } from '../../src/history/store';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import { capPreview, PREVIEW_MAX_BYTES, PREVIEW_MAX_CHARS } from '../../src/results/preview';
import { resultRows } from '../support/results';
import { liveWorkers, startTestRuntime, tempDir } from '../support/runtime';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

it('a query of 20 rows of 600,000 characters each succeeds, its preview cut to 32 KB and saying so', async () => {
  const report = await runLocalQuery({
    sql: `SELECT i, ${[1, 2, 3, 4].map((n) => `repeat('${n}', 150000) AS wide${n}`).join(', ')} FROM range(20) t(i) ORDER BY i`,
    engine: 'duckdb',
  });
  expect(report.error).toBeUndefined();
  expect(report.status).toBe('SUCCEEDED');
  const result = report.result;
  expect(result?.rows).toBe(20);
  expect(bytes(result?.preview)).toBeLessThanOrEqual(PREVIEW_MAX_BYTES);
  expect(result?.preview.length).toBeGreaterThan(0);
  expect(result?.preview.length).toBeLessThan(20);
  expect(String(result?.preview[0].wide1)).toHaveLength(PREVIEW_MAX_CHARS + 1);
  expect(result?.previewNote).toMatch(
    /^the preview is held to 32 KB: text values cut to 500 characters, \d+ of 20 rows; the result files have every row whole$/,
  );
  // The files have every value whole.
  const rows = (
    await Promise.all(
      (result?.files ?? []).map((file) => resultRows(file, 'parquet', tempDir('metaq-wide-'))),
    )
  ).flat();
  expect(rows).toHaveLength(20);
  expect(rows.every((row) => [1, 2, 3, 4].every((n) => String(row[`wide${n}`]).length === 150_000))).toBe(
    true,
  );
  expect((await getRecord(report.queryId))?.result?.previewNote).toBe(result?.previewNote);
  expect(liveWorkers(report.queryId)).toEqual([]);
}, 120_000);

describe('capPreview', () => {
  const outcome = (preview: Record<string, unknown>[]) => ({
    rows: preview.length,
    columns: [],
    preview,
    files: [],
  });

  it('leaves a small preview as it is, with no note', () => {
    const small = outcome([{ a: 1, b: 'x'.repeat(PREVIEW_MAX_CHARS) }]);
    expect(capPreview(small)).toBe(small);
  });

  it('cuts long text values, saying so, even when the preview would fit', () => {
    const capped = capPreview(outcome([{ a: 1, b: 'x'.repeat(PREVIEW_MAX_CHARS + 2) }]));
    expect(capped.preview).toEqual([{ a: 1, b: `${'x'.repeat(PREVIEW_MAX_CHARS)}…` }]);
    expect(capped.previewNote).toMatch(/text values cut to 500 characters;/);
    // Cutting it again changes nothing.
    expect(capPreview(capped).preview).toEqual(capped.preview);
  });

  it('drops rows from the end until the preview fits, keeping short values whole', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ i, text: 'y'.repeat(400) }));
    const capped = capPreview(outcome(rows), 4096);
    expect(bytes(capped.preview)).toBeLessThanOrEqual(4096);
    expect(capped.preview).toEqual(rows.slice(0, capped.preview.length));
    expect(capped.previewNote).toMatch(/held to 4 KB: \d of 20 rows;/);
  });
});
