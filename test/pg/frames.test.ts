/** Frontend messages as node-postgres writes them (pg-protocol's serializer), in any slicing. */
import { serialize } from 'pg-protocol';
import {
  CANCEL_REQUEST,
  cancelKey,
  FrameReader,
  PROTOCOL_V3,
  queryText,
  SSL_REQUEST,
  saslInitialResponse,
  startupParameters,
} from '../../src/pg/frames';

describe('FrameReader', () => {
  it('reads the StartupMessage, then typed messages', () => {
    const reader = new FrameReader();
    const packets = reader.push(
      Buffer.concat([
        serialize.startup({ user: 'ada', database: 'metaq' }),
        serialize.query('SELECT 42'),
        serialize.end(),
      ]),
    );
    expect(packets.map((packet) => (packet.kind === 'startup' ? packet.code : packet.type))).toEqual([
      PROTOCOL_V3,
      'Q',
      'X',
    ]);
    const [startup, query] = packets;
    expect(startupParameters(startup.body)).toMatchObject({ user: 'ada', database: 'metaq' });
    expect(queryText(query.body)).toBe('SELECT 42');
  });

  it('waits for a whole message, however TCP slices the bytes', () => {
    const bytes = Buffer.concat([serialize.startup({ user: 'ada' }), serialize.query('SELECT ünïcode')]);
    const reader = new FrameReader();
    const packets = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(packets).toHaveLength(2);
    expect(queryText(packets[1].body)).toBe('SELECT ünïcode');
  });

  it('after an SSLRequest the StartupMessage comes without a type byte again', () => {
    const reader = new FrameReader();
    expect(reader.push(serialize.requestSsl())).toEqual([
      { kind: 'startup', code: SSL_REQUEST, body: Buffer.alloc(0) },
    ]);
    expect(reader.push(serialize.startup({ user: 'ada' }))[0]).toMatchObject({
      kind: 'startup',
      code: PROTOCOL_V3,
    });
  });

  it('a SASLInitialResponse: the mechanism and the client-first message', () => {
    const reader = new FrameReader();
    reader.push(serialize.startup({ user: 'ada' }));
    const [packet] = reader.push(serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'n,,n=*,r=abc'));
    expect(packet).toMatchObject({ kind: 'message', type: 'p' });
    expect(saslInitialResponse(packet.body)).toEqual({ mechanism: 'SCRAM-SHA-256', data: 'n,,n=*,r=abc' });
  });

  it('a CancelRequest: its own connection, the key of the session to cancel', () => {
    const [packet] = new FrameReader().push(serialize.cancel(1234, 987654321));
    expect(packet).toMatchObject({ kind: 'startup', code: CANCEL_REQUEST });
    expect(cancelKey(packet.body)).toEqual({ pid: 1234, secret: 987654321 });
  });

  it('refuses a length no message can have', () => {
    const reader = new FrameReader();
    reader.push(serialize.startup({ user: 'ada' }));
    const broken = Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => reader.push(broken)).toThrow(expect.objectContaining({ name: 'ProtocolViolation' }));
  });
});
