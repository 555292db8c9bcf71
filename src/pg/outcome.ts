/**
 * What a statement answers, ready to send: its description (RowDescription, or NoData for a
 * statement without rows) apart from the rest (DataRows, then CommandComplete), because the
 * extended protocol sends the first for Describe and the rest for Execute — possibly a few rows
 * per Execute, with PortalSuspended between — while a simple Query sends both at once.
 */
import { commandComplete, dataRow, noData, portalSuspended } from './messages';
import type { ResultRows } from './result-rows';

/** Where an outcome is sent: waits for the socket to drain, so a slow client holds one chunk. */
export interface Sink {
  send(message: Buffer): Promise<void>;
  readonly closed: boolean;
}

type Row = (string | null)[];

export interface Outcome {
  /** RowDescription, or NoData. */
  readonly description: Buffer;
  readonly hasRows: boolean;
  /** Sends up to `maxRows` rows (0: all); true once complete, false when suspended at the limit. */
  send(sink: Sink, maxRows?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** An answer made here (SET, SHOW, version()): its messages, RowDescription among them if any. */
export function localOutcome(messages: Buffer[]): Outcome {
  const description = messages.find((message) => message[0] === 'T'.charCodeAt(0));
  return {
    description: description ?? noData(),
    hasRows: description !== undefined,
    send: async (sink) => {
      for (const message of messages) if (message !== description) await sink.send(message);
      return true;
    },
    close: async () => undefined,
  };
}

/** A query's rows, read from its result a page at a time, however many Executes take them. */
export function rowsOutcome(rows: ResultRows, description: Buffer): Outcome {
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
    description,
    hasRows: true,
    send: async (sink, maxRows = 0) => {
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
        await sink.send(Buffer.concat(batch.map((row) => dataRow(row))));
      }
      await sink.send(commandComplete(`SELECT ${count}`));
      return true;
    },
    close: () => rows.close(),
  };
}
