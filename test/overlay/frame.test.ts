import { MuxProtocolError } from '../../src/overlay/errors';
import { encodeHeader, FrameDecoder, FrameType, HEADER_BYTES, MAX_PAYLOAD } from '../../src/overlay/frame';

function frameBytes(type: FrameType, stream: number, payload: Buffer | number): Buffer {
  if (typeof payload === 'number') return encodeHeader(type, stream, payload);
  return Buffer.concat([encodeHeader(type, stream, payload.length), payload]);
}

describe('Class: FrameDecoder', () => {
  const wire = Buffer.concat([
    frameBytes(FrameType.Open, 1, Buffer.from('7077')),
    frameBytes(FrameType.Data, 1, Buffer.from('hello')),
    frameBytes(FrameType.Credit, 0x8000_0003, 65536),
    frameBytes(FrameType.Fin, 1, 0),
    frameBytes(FrameType.Reset, 5, Buffer.from('refused')),
  ]);
  const expected = [
    { type: FrameType.Open, stream: 1, payload: '7077' },
    { type: FrameType.Data, stream: 1, payload: 'hello' },
    { type: FrameType.Credit, stream: 0x8000_0003, length: 65536, payload: '' },
    { type: FrameType.Fin, stream: 1, payload: '' },
    { type: FrameType.Reset, stream: 5, payload: 'refused' },
  ];

  function decodeIn(chunks: Buffer[]) {
    const decoder = new FrameDecoder();
    return chunks
      .flatMap((chunk) => decoder.push(chunk))
      .map((f) => ({
        type: f.type,
        stream: f.stream,
        payload: f.payload.toString(),
        ...(f.type === FrameType.Credit ? { length: f.length } : {}),
      }));
  }

  it('decodes frames that arrive in one chunk', () => {
    expect(decodeIn([wire])).toEqual(expected);
  });

  it('decodes frames split at every byte, headers included', () => {
    const bytes = [...wire].map((byte) => Buffer.from([byte]));
    expect(decodeIn(bytes)).toEqual(expected);
  });

  it('decodes frames split at every possible single cut', () => {
    for (let cut = 1; cut < wire.length; cut++) {
      expect(decodeIn([wire.subarray(0, cut), wire.subarray(cut)])).toEqual(expected);
    }
  });

  it('carries the largest payload and no more', () => {
    const big = Buffer.alloc(MAX_PAYLOAD, 1);
    const [frame] = new FrameDecoder().push(frameBytes(FrameType.Data, 1, big));
    expect(frame.payload.length).toBe(MAX_PAYLOAD);
    expect(() => new FrameDecoder().push(encodeHeader(FrameType.Data, 1, MAX_PAYLOAD + 1))).toThrow(
      MuxProtocolError,
    );
  });

  it('rejects a byte stream that is not this framing, naming the type', () => {
    const garbage = Buffer.from('GET / HTTP/1.1\r\n');
    expect(() => new FrameDecoder().push(garbage)).toThrow('unknown frame type 71');
  });

  it('waits for a whole header', () => {
    expect(new FrameDecoder().push(Buffer.alloc(HEADER_BYTES - 1, 2))).toEqual([]);
  });
});
