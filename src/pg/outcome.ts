/**
 * What a statement answers, ready to send: its description (RowDescription, or NoData for a
 * statement without rows) apart from the rest (DataRows, then CommandComplete), because the
 * extended protocol sends the first for Describe and the rest for Execute — possibly a few rows
 * per Execute, with PortalSuspended between — while a simple Query sends both at once.
 */
import { BINARY_TYPES, binaryValue } from './binary';
import { NotSupported, ProtocolViolation } from './errors';
import {
  commandComplete,
  dataRow,
  type FieldDescription,
  noData,
  portalSuspended,
  rowDescription,
} from './messages';
import type { ResultRows } from './result-rows';

/** Where an outcome is sent: waits for the socket to drain, so a slow client holds one chunk. */
export interface Sink {
  send(message: Buffer): Promise<void>;
  readonly closed: boolean;
}

type Row = (string | null)[];

/**
 * Result formats as Bind gives them: none (all text), one for every column, or one per column;
 * 0 text, 1 binary.
 */
export type ResultFormats = number[];

export interface Outcome {
  /** RowDescription (with the formats the rows will be sent in), or NoData. */
  description(formats?: ResultFormats): Buffer;
  readonly hasRows: boolean;
  /** Sends up to `maxRows` rows (0: all); true once complete, false when suspended at the limit. */
  send(sink: Sink, maxRows?: number, formats?: ResultFormats): Promise<boolean>;
  close(): Promise<void>;
}

/** An answer made here (SET, SHOW, version()): its messages, RowDescription among them if any. */
export function localOutcome(messages: Buffer[]): Outcome {
  const description = messages.find((message) => message[0] === 'T'.charCodeAt(0));
  // Their columns are text, whose binary form is its text: the same DataRows serve either format.
  return {
    description: () => description ?? noData(),
    hasRows: description !== undefined,
    send: async (sink) => {
      for (const message of messages) if (message !== description) await sink.send(message);
      return true;
    },
    close: async () => undefined,
  };
}

/** A query's rows, read from its result a page at a time, however many Executes take them. */
export function rowsOutcome(rows: ResultRows): Outcome {
  const pages = rows.pages[Symbol.asyncIterator]();
  let pending: Row[] = [];
  let exhausted = false;
  let count = 0;
  const more = async (): Promise<boolean> => {
    while (pending.length === 0 && !exhausted) {
      const next = await pages.next();
      if (next.done) exhausted = true;
      else pending = next.value;
    }
    return pending.length > 0;
  };
  return {
    description: (formats = []) => {
      const codes = columnFormats(rows.fields, formats);
      return rowDescription(rows.fields.map((field, i) => ({ ...field, format: codes[i] })));
    },
    hasRows: true,
    send: async (sink, maxRows = 0, formats = []) => {
      const codes = columnFormats(rows.fields, formats);
      const encode = (row: Row) =>
        row.map((value, i) =>
          value === null || codes[i] === 0 ? value : binaryValue(value, rows.fields[i].typeOid),
        );
      let sent = 0;
      while (!sink.closed && (await more())) {
        const room = maxRows > 0 ? maxRows - sent : pending.length;
        if (room === 0) {
          await sink.send(portalSuspended());
          return false;
        }
        const batch = pending.slice(0, room);
        pending = pending.slice(batch.length);
        sent += batch.length;
        count += batch.length;
        await sink.send(Buffer.concat(batch.map((row) => dataRow(encode(row)))));
      }
      await sink.send(commandComplete(`SELECT ${count}`));
      return true;
    },
    close: () => rows.close(),
  };
}

/** One format per column, checked: binary only for the types binary.ts can send. */
function columnFormats(fields: FieldDescription[], formats: ResultFormats): number[] {
  if (formats.length > 1 && formats.length !== fields.length)
    throw new ProtocolViolation(`Bind gave ${formats.length} result formats for ${fields.length} columns`);
  const codes = fields.map((_, i) => (formats.length > 1 ? formats[i] : (formats[0] ?? 0)));
  fields.forEach((field, i) => {
    if (codes[i] !== 0 && (codes[i] !== 1 || !BINARY_TYPES.has(field.typeOid)))
      throw new NotSupported(
        `column "${field.name}" (type OID ${field.typeOid}) cannot be sent in format ${codes[i]}: ask for text (format 0)`,
      );
  });
  return codes;
}
