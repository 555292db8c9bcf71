/** `metaq tables add`: measure a table at its S3 location and put it in the catalog. */
import { type CatalogEntry, formatOf, putTable } from './catalog';
import { columnsOf } from './describe';
import { InvalidQueryInput } from './errors';
import { measureTable } from './measure';
import { type Format, formats } from './types';

export async function registerTable(
  name: string,
  location: string,
  format: Format | undefined,
  sample?: string,
): Promise<CatalogEntry> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InvalidQueryInput(
      'name',
      `"${name}" is not a plain SQL identifier`,
      'Use letters, digits and _, e.g. lineitem',
    );
  }
  const chosen = format ?? formatOf(sample ?? location);
  if (!chosen) {
    throw new InvalidQueryInput(
      'format',
      `cannot tell the format of ${sample ?? location}`,
      `Pass --format ${formats.join('|')}`,
    );
  }
  const size = await measureTable('location', location, chosen);
  const columns = await columnsOf('location', { location, format: chosen });
  const entry: CatalogEntry = {
    name: name.toLowerCase(),
    location,
    format: chosen,
    ...size,
    columns,
    addedAt: new Date().toISOString(),
  };
  await putTable(entry);
  return entry;
}
