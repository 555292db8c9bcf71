/**
 * Drill's REST API answers a DATE, TIME or TIMESTAMP as epoch milliseconds (Q3's o_orderdate came
 * back as 794880000000): the preview gives them as ISO text, as the other engines' previews and the
 * result files (real dates) have them.
 */
export function previewValue(value: unknown, type: string | undefined): unknown {
  const epochMs = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof epochMs !== 'number' || !type || !/^(DATE|TIME|TIMESTAMP)/.test(type)) return value;
  const iso = new Date(epochMs).toISOString();
  if (type === 'DATE') return iso.slice(0, 10);
  if (type === 'TIME') return iso.slice(11, 23);
  if (type.startsWith('TIMESTAMP')) return iso.slice(0, 23).replace('T', ' ');
  return value;
}
