/**
 * The extended protocol message by message: frontend messages made by pg-protocol (node-postgres'
 * own encoder), the answers read back by type, over an outcome of known rows.
 */
import { serialize } from 'pg-protocol';
import { ExtendedProtocol } from '../../src/pg/extended';
import { bindMessage, parseMessage } from '../../src/pg/extended-frames';
import { type Outcome, rowsOutcome } from '../../src/pg/outcome';
import type { BoundValue } from '../../src/pg/parameters';

/** A message's type byte and body, as the frame reader hands them over. */
const split = (message: Buffer) => ({ type: String.fromCharCode(message[0]), body: message.subarray(5) });

function harness(rows: (string | null)[][] = [['1'], ['2'], ['3']]) {
  const sent: Buffer[] = [];
  const ran: string[] = [];
  let closed = 0;
  const outcome = (text: string): Outcome => {
    ran.push(text);
    return rowsOutcome({
      fields: [{ name: 'n', typeOid: 23, typeSize: 4 }],
      pages: (async function* () {
        yield rows.slice(0, 2);
        yield rows.slice(2);
      })(),
      close: async () => {
        closed++;
      },
    });
  };
  const protocol = new ExtendedProtocol({
    outcome: async (text) => outcome(text),
    bind: (text: string, values: BoundValue[]) => text.replace('$1', values[0]?.bytes?.toString() ?? 'NULL'),
    send: (message) => sent.push(message),
    sink: { send: async (message) => void sent.push(message), closed: false },
  });
  const handle = (message: Buffer) => {
    const { type, body } = split(message);
    return protocol.handle(type, body);
  };
  /** The types of the messages sent, a DataRow batch counted per row. */
  const types = () =>
    sent.flatMap((message) => {
      const out: string[] = [];
      for (let at = 0; at < message.length; at += 1 + message.readInt32BE(at + 1))
        out.push(String.fromCharCode(message[at]));
      return out;
    });
  return { protocol, handle, sent, ran, types, closed: () => closed };
}

describe('the extended protocol', () => {
  it("Parse, Bind, Describe portal, Execute: ParseComplete, BindComplete, the rows' description, rows, SELECT 3", async () => {
    const { handle, ran, types } = harness();
    await handle(serialize.parse({ text: 'SELECT n FROM t WHERE n > $1', types: [23] }));
    await handle(serialize.bind({ values: ['0'] }));
    await handle(serialize.describe({ type: 'P' }));
    await handle(serialize.execute());
    expect(types()).toEqual(['1', '2', 'T', 'D', 'D', 'D', 'C']);
    expect(ran).toEqual(['SELECT n FROM t WHERE n > 0']);
  });

  it('Execute with a row limit suspends, and the next Execute goes on where it stopped', async () => {
    const { handle, types, protocol, closed } = harness();
    await handle(serialize.parse({ text: 'SELECT n FROM t' }));
    await handle(serialize.bind({ portal: 'c1' }));
    await handle(serialize.execute({ portal: 'c1', rows: 2 }));
    expect(types()).toEqual(['1', '2', 'D', 'D', 's']);
    await handle(serialize.execute({ portal: 'c1', rows: 2 }));
    expect(types().slice(5)).toEqual(['D', 'C']);
    await protocol.sync();
    expect(closed()).toBe(1);
  });

  it('a named statement is bound twice, each portal running its own query; Close answers CloseComplete', async () => {
    const { handle, ran, types } = harness();
    await handle(serialize.parse({ name: 's1', text: 'SELECT $1' }));
    await handle(serialize.bind({ statement: 's1', values: ['1'] }));
    await handle(serialize.execute());
    await handle(serialize.bind({ statement: 's1', values: ['2'] }));
    await handle(serialize.execute());
    await handle(serialize.close({ type: 'S', name: 's1' }));
    expect(ran).toEqual(['SELECT 1', 'SELECT 2']);
    expect(types().at(-1)).toBe('3');
    await expect(handle(serialize.bind({ statement: 's1' }))).rejects.toMatchObject({
      name: 'UnknownPrepared',
    });
  });

  it('Describe of a prepared query is refused (its columns are known only by running it); of SHOW, one text column', async () => {
    const { handle, sent } = harness();
    await handle(serialize.parse({ name: 'q', text: 'SELECT $1 + 1' }));
    await expect(handle(serialize.describe({ type: 'S', name: 'q' }))).rejects.toMatchObject({
      name: 'NotSupported',
      message: expect.stringMatching(/Describe the portal after Bind/),
    });
    await handle(serialize.parse({ name: 'show', text: 'SHOW TimeZone' }));
    sent.length = 0;
    await handle(serialize.describe({ type: 'S', name: 'show' }));
    expect(sent.map((message) => String.fromCharCode(message[0]))).toEqual(['t', 'T']);
    expect(sent[0].readInt16BE(5)).toBe(0);
  });

  it('binary result columns: RowDescription says format 1 and the rows come as big-endian int4', async () => {
    const { handle, sent } = harness();
    await handle(serialize.parse({ text: 'SELECT n FROM t' }));
    await handle(serialize.bind({ binary: true }));
    await handle(serialize.describe({ type: 'P' }));
    await handle(serialize.execute());
    const [description, rows] = sent.slice(2);
    expect(description.readInt16BE(description.length - 2)).toBe(1);
    // DataRow: 'D', length, 1 column, length 4, the int4.
    expect(rows.readInt32BE(7)).toBe(4);
    expect(rows.readInt32BE(11)).toBe(1);
  });

  it("reads Parse's declared types and Bind's values, a null among them", () => {
    const parse = parseMessage(
      split(serialize.parse({ name: 'p', text: 'SELECT $1, $2', types: [23, 25] })).body,
    );
    expect(parse).toEqual({ statement: 'p', query: 'SELECT $1, $2', parameterTypes: [23, 25] });
    const bind = bindMessage(
      split(serialize.bind({ portal: 'x', statement: 'p', values: ['7', null] })).body,
    );
    expect(bind.portal).toBe('x');
    expect(bind.values.map((value) => value.bytes?.toString() ?? null)).toEqual(['7', null]);
  });
});
