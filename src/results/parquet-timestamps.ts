/**
 * Some engines write a TIMESTAMP (a wall-clock time, no zone) to Parquet as an instant in UTC
 * (`isAdjustedToUTC = true`): ClickHouse has no zoneless timestamp type, and Drill's writer
 * knows only the legacy TIMESTAMP_MILLIS, which means UTC. Readers then see TIMESTAMP WITH TIME ZONE. These
 * engines run in UTC, so the stored numbers are the wall-clock times: only the footer's type is
 * wrong, and it is written again with `isAdjustedToUTC = false` for the result's zoneless
 * timestamp columns. The data pages are kept as they are.
 * Parquet's footer: parquet-format's parquet.thrift (FileMetaData, SchemaElement, LogicalType).
 */
import { objectBytes, objectSize, rewriteObject } from '../aws/rewrite-object';
import type { Column, QueryOutcome, QueryTask } from '../engines/types';
import { field, readStruct, type ThriftStruct, writeStruct } from './thrift-compact';

const MAGIC = 'PAR1';
const FileMetaData = { schema: 2, keyValueMetadata: 5 };
const SchemaElement = { name: 4, convertedType: 6, logicalType: 10 };
const LogicalType = { timestamp: 8 };
const TimestampType = { isAdjustedToUTC: 1 };

export class ParquetFooterError extends Error {
  override name = 'ParquetFooterError';
}

const text = (bytes: unknown) => (bytes instanceof Uint8Array ? Buffer.from(bytes).toString('utf8') : '');

/**
 * The footer (FileMetaData bytes) with the named top-level columns' timestamps zoneless, or
 * undefined when there is nothing to change.
 */
export function zonelessTimestamps(footer: Uint8Array, columns: ReadonlySet<string>): Uint8Array | undefined {
  const { struct: metadata } = readStruct(footer);
  const schema = field(metadata, FileMetaData.schema)?.value;
  if (!schema || typeof schema !== 'object' || !('items' in schema))
    throw new ParquetFooterError('parquet footer: no schema');
  let changed = false;
  for (const element of schema.items as ThriftStruct[]) {
    if (columns.has(text(field(element, SchemaElement.name)?.value)) && makeZoneless(element)) changed = true;
  }
  if (!changed) return undefined;
  // Arrow's copy of the schema (a writer's hint to Arrow readers) would say UTC again.
  const keyValues = field(metadata, FileMetaData.keyValueMetadata)?.value;
  if (keyValues && typeof keyValues === 'object' && 'items' in keyValues)
    keyValues.items = (keyValues.items as ThriftStruct[]).filter(
      (pair) => text(field(pair, 1)?.value) !== 'ARROW:schema',
    );
  return writeStruct(metadata);
}

/** Sets a schema element's UTC timestamp zoneless; false when it is none. */
function makeZoneless(element: ThriftStruct): boolean {
  const logical = field(element, SchemaElement.logicalType)?.value as ThriftStruct | undefined;
  const timestamp = logical && (field(logical, LogicalType.timestamp)?.value as ThriftStruct | undefined);
  const adjusted = timestamp && field(timestamp, TimestampType.isAdjustedToUTC);
  if (!adjusted?.value) return false;
  adjusted.value = false;
  // The legacy TIMESTAMP_MILLIS/MICROS beside it mean UTC: a zoneless timestamp has none.
  element.fields = element.fields.filter((f) => f.id !== SchemaElement.convertedType);
  return true;
}

/** Rewrites each Parquet file's footer so that the named columns are zoneless timestamps. */
export async function writeZonelessTimestamps(files: string[], columns: ReadonlySet<string>): Promise<void> {
  if (columns.size === 0) return;
  for (const file of files.filter((name) => name.endsWith('.parquet'))) {
    const size = await objectSize(file);
    const end = await objectBytes(file, size - 8, size);
    if (size < 12 || Buffer.from(end.slice(4)).toString('latin1') !== MAGIC)
      throw new ParquetFooterError(`${file} is not a Parquet file (no ${MAGIC} at its end)`);
    const length = Buffer.from(end).readUInt32LE(0);
    const start = size - 8 - length;
    const footer = zonelessTimestamps(await objectBytes(file, start, size - 8), columns);
    if (!footer) continue;
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(footer.length, 0);
    trailer.write(MAGIC, 4, 'latin1');
    await rewriteObject(file, file, { keep: start, tail: Buffer.concat([footer, trailer]) });
  }
}

/** A query's Parquet result with its zoneless timestamp columns (`zoneless` says which) so marked. */
export async function withZonelessTimestamps(
  task: QueryTask,
  outcome: QueryOutcome,
  zoneless: (column: Column) => boolean,
): Promise<QueryOutcome> {
  if (task.output.format === 'parquet')
    await writeZonelessTimestamps(
      outcome.files,
      new Set(outcome.columns.filter(zoneless).map((c) => c.name)),
    );
  return outcome;
}
