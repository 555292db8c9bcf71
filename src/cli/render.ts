/** How the command line shows things: tables, durations, sizes and money. */
import Table from 'cli-table3';

export function table(head: string[], rows: unknown[][]): string {
  const out = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) out.push(row.map(cell));
  return out.toString();
}

export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function bytes(count: number | undefined): string {
  if (count === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function usd(amount: number | undefined): string {
  return amount === undefined ? '-' : `$${amount.toPrecision(2)}`;
}

export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
