import { MuxProtocolError } from './errors';

/**
 * The multiplexer's wire format: a 9-byte header (type, stream, length) and `length` bytes of payload.
 *
 * Stream ids need no client/server roles: the top bit of the id says whose stream it is ("opened by
 * the sender" = 0, "opened by the receiver" = 1), so both ends of a punched connection — where
 * simultaneous open leaves no client and no server — allocate ids from 1 independently.
 */
export const FrameType = {
  /** A new stream; the payload is its target (UTF-8), e.g. the member port it is for. */
  Open: 1,
  Data: 2,
  /** The receiver consumed `length` more bytes: the sender may send that many more. */
  Credit: 3,
  /** The sender will send no more on this stream (half-close). */
  Fin: 4,
  /** The stream is aborted both ways; the payload is the reason (UTF-8). */
  Reset: 5,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: FrameType;
  /** The stream id as the sender names it: top bit set when the receiver opened the stream. */
  stream: number;
  /** For Credit frames the credit; otherwise the payload's length. */
  length: number;
  payload: Buffer;
}

export const HEADER_BYTES = 9;
/** Large enough to keep the per-frame overhead below 0.02 %, small enough that streams interleave. */
export const MAX_PAYLOAD = 64 * 1024;
/** Unconsumed bytes a stream may have in flight; both ends assume it, as yamux's 256 KiB. */
export const WINDOW = 256 * 1024;
export const THEIRS = 0x8000_0000;

export function encodeHeader(type: FrameType, stream: number, length: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(stream >>> 0, 1);
  header.writeUInt32BE(length >>> 0, 5);
  return header;
}

function hasPayload(type: number): boolean {
  return type !== FrameType.Credit && type !== FrameType.Fin;
}

/** Cuts a byte stream into frames, whatever the chunk boundaries (TCP splits frames anywhere). */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (let frame = this.next(); frame; frame = this.next()) frames.push(frame);
    return frames;
  }

  private next(): Frame | undefined {
    if (this.buffered < HEADER_BYTES) return undefined;
    const header = this.peek(HEADER_BYTES);
    const type = header.readUInt8(0);
    if (type < FrameType.Open || type > FrameType.Reset) {
      throw new MuxProtocolError(`unknown frame type ${type}: the peer does not speak this multiplexer`);
    }
    const length = header.readUInt32BE(5);
    const payloadBytes = hasPayload(type) ? length : 0;
    if (payloadBytes > MAX_PAYLOAD) {
      throw new MuxProtocolError(`frame of ${payloadBytes} bytes exceeds the limit of ${MAX_PAYLOAD}`);
    }
    if (this.buffered < HEADER_BYTES + payloadBytes) return undefined;
    const bytes = this.take(HEADER_BYTES + payloadBytes);
    return {
      type: type as FrameType,
      stream: bytes.readUInt32BE(1),
      length,
      payload: bytes.subarray(HEADER_BYTES),
    };
  }

  private peek(count: number): Buffer {
    if (this.chunks[0].length < count) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  /** Joins chunks only when a frame spans them; a frame inside one chunk is a view, not a copy. */
  private take(count: number): Buffer {
    if (this.chunks[0].length < count) this.chunks = [Buffer.concat(this.chunks)];
    const first = this.chunks[0];
    const taken = first.subarray(0, count);
    if (first.length === count) this.chunks.shift();
    else this.chunks[0] = first.subarray(count);
    this.buffered -= count;
    return taken;
  }
}
