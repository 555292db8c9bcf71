/**
 * The preview's size limit. The preview travels through a DynamoDB item (400 KB at most), the
 * execution's state (256 KB: beyond, Step Functions fails with States.DataLimitExceeded, which no
 * Catch sees) and the history record, so it is held to 32 KB of JSON: long values are cut, then
 * rows dropped from the end, and the outcome says so. The result files keep every row whole.
 */
import type { QueryOutcome } from '../engines/types';

export const PREVIEW_MAX_BYTES = 32 * 1024;
/** Characters kept of a long text value (DuckDB's and Spark's previews cut there already). */
export const PREVIEW_MAX_CHARS = 500;

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function capPreview(outcome: QueryOutcome, maxBytes = PREVIEW_MAX_BYTES): QueryOutcome {
  let cutValues = false;
  const rows = outcome.preview.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        // Cutting again what an engine cut already (500 characters and an ellipsis) changes nothing.
        if (typeof value !== 'string' || value.length <= PREVIEW_MAX_CHARS) return [key, value];
        cutValues = true;
        return [key, `${value.slice(0, PREVIEW_MAX_CHARS)}…`];
      }),
    ),
  );
  if (!cutValues && size(rows) <= maxBytes) return outcome;
  let kept = rows.length;
  while (kept > 0 && size(rows.slice(0, kept)) > maxBytes) kept--;
  const why = [
    ...(cutValues ? [`text values cut to ${PREVIEW_MAX_CHARS} characters`] : []),
    ...(kept < rows.length ? [`${kept} of ${rows.length} rows`] : []),
  ];
  return {
    ...outcome,
    preview: rows.slice(0, kept),
    previewNote: `the preview is held to ${maxBytes / 1024} KB: ${why.join(', ')}; the result files have every row whole`,
  };
}
