/**
 * Frontend messages out of the byte stream. The first packet of a connection has no type byte
 * (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest: a length and a code); every later
 * one is a type byte and a length. TCP hands over any slice of that, so bytes are kept until a
 * whole message is there.
 */
import { ProtocolViolation } from './errors';

export const PROTOCOL_V3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Far above any query metaq accepts (64 KB): a bigger length is a broken or hostile client. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export type Packet =
  | { kind: 'startup'; code: number; body: Buffer }
  | { kind: 'message'; type: string; body: Buffer };

export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private started = false;

  /** Adds bytes from the socket; returns every packet now complete, in order. */
  push(chunk: Buffer): Packet[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const packets: Packet[] = [];
    for (;;) {
      const packet = this.started ? this.nextMessage() : this.nextStartup();
      if (!packet) return packets;
      packets.push(packet);
    }
  }

  private nextStartup(): Packet | undefined {
    if (this.buffered.length < 8) return undefined;
    const length = this.checkedLength(this.buffered.readInt32BE(0), 8);
    if (this.buffered.length < length) return undefined;
    const code = this.buffered.readInt32BE(4);
    const body = this.take(length).subarray(8);
    // After an SSLRequest or GSSENCRequest (refused), the client sends its StartupMessage.
    this.started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
    return { kind: 'startup', code, body };
  }

  private nextMessage(): Packet | undefined {
    if (this.buffered.length < 5) return undefined;
    const length = this.checkedLength(this.buffered.readInt32BE(1), 4);
    if (this.buffered.length < length + 1) return undefined;
    const type = String.fromCharCode(this.buffered[0]);
    const body = this.take(length + 1).subarray(5);
    return { kind: 'message', type, body };
  }

  private checkedLength(length: number, minimum: number): number {
    if (length < minimum || length > MAX_MESSAGE_BYTES)
      throw new ProtocolViolation(`a message claims a length of ${length} bytes`);
    return length;
  }

  private take(bytes: number): Buffer {
    const taken = this.buffered.subarray(0, bytes);
    this.buffered = this.buffered.subarray(bytes);
    return taken;
  }
}

/** StartupMessage's body: name/value pairs, each a C string, ended by an empty name. */
export function startupParameters(body: Buffer): Record<string, string> {
  const strings = body.toString('utf8').split('\0');
  const parameters: Record<string, string> = {};
  for (let i = 0; i + 1 < strings.length && strings[i] !== ''; i += 2)
    parameters[strings[i]] = strings[i + 1];
  return parameters;
}

/** CancelRequest's body: the process id and secret key of the session to cancel. */
export function cancelKey(body: Buffer): { pid: number; secret: number } {
  if (body.length < 8) throw new ProtocolViolation('a CancelRequest without its key');
  return { pid: body.readInt32BE(0), secret: body.readInt32BE(4) };
}

/** Query: one C string. */
export function queryText(body: Buffer): string {
  const end = body.indexOf(0);
  return body.toString('utf8', 0, end === -1 ? body.length : end);
}

/** SASLInitialResponse: the mechanism's name, then the client's first message (Int32 length, bytes). */
export function saslInitialResponse(body: Buffer): { mechanism: string; data: string } {
  const end = body.indexOf(0);
  if (end === -1 || body.length < end + 5)
    throw new ProtocolViolation('a SASLInitialResponse without its data');
  const length = body.readInt32BE(end + 1);
  const data = length < 0 ? '' : body.toString('utf8', end + 5, end + 5 + length);
  return { mechanism: body.toString('utf8', 0, end), data };
}
