/**
 * The bodies of the extended protocol's frontend messages (Parse, Bind, Describe, Close,
 * Execute), read field by field as protocol-message-formats lays them out.
 */
import { ProtocolViolation } from './errors';
import type { BoundValue } from './parameters';

export interface ParseMessage {
  statement: string;
  query: string;
  /** Declared parameter types; 0 leaves a parameter's type unspecified. */
  parameterTypes: number[];
}

export interface BindMessage {
  portal: string;
  statement: string;
  values: BoundValue[];
  /** Result column formats: none or one for all (0 text, 1 binary), or one per column. */
  resultFormats: number[];
}

/** Describe and Close: of a prepared statement ('S') or a portal ('P'), by name ('' the unnamed). */
export interface TargetMessage {
  target: 'S' | 'P';
  name: string;
}

export interface ExecuteMessage {
  portal: string;
  /** 0: all rows. */
  maxRows: number;
}

class BodyReader {
  private at = 0;

  constructor(
    private readonly body: Buffer,
    private readonly what: string,
  ) {}

  string(): string {
    const end = this.body.indexOf(0, this.at);
    if (end === -1) throw this.short();
    const text = this.body.toString('utf8', this.at, end);
    this.at = end + 1;
    return text;
  }

  int16(): number {
    if (this.at + 2 > this.body.length) throw this.short();
    this.at += 2;
    return this.body.readInt16BE(this.at - 2);
  }

  int32(): number {
    if (this.at + 4 > this.body.length) throw this.short();
    this.at += 4;
    return this.body.readInt32BE(this.at - 4);
  }

  bytes(length: number): Buffer {
    if (this.at + length > this.body.length) throw this.short();
    this.at += length;
    return this.body.subarray(this.at - length, this.at);
  }

  list<T>(read: () => T): T[] {
    const count = this.int16();
    if (count < 0) throw new ProtocolViolation(`${this.what} announces ${count} entries`);
    return Array.from({ length: count }, read);
  }

  private short(): ProtocolViolation {
    return new ProtocolViolation(`${this.what} message ends early`);
  }
}

export function parseMessage(body: Buffer): ParseMessage {
  const reader = new BodyReader(body, 'a Parse');
  return {
    statement: reader.string(),
    query: reader.string(),
    parameterTypes: reader.list(() => reader.int32()),
  };
}

export function bindMessage(body: Buffer): BindMessage {
  const reader = new BodyReader(body, 'a Bind');
  const portal = reader.string();
  const statement = reader.string();
  const formats = reader.list(() => reader.int16());
  const values = reader.list(() => {
    const length = reader.int32();
    return length < 0 ? null : reader.bytes(length);
  });
  if (formats.length > 1 && formats.length !== values.length)
    throw new ProtocolViolation(
      `a Bind gives ${formats.length} parameter formats for ${values.length} values`,
    );
  return {
    portal,
    statement,
    values: values.map((bytes, i) => ({
      bytes,
      format: formats.length > 1 ? formats[i] : (formats[0] ?? 0),
    })),
    resultFormats: reader.list(() => reader.int16()),
  };
}

export function targetMessage(body: Buffer, what: string): TargetMessage {
  const reader = new BodyReader(body, what);
  const target = String.fromCharCode(reader.bytes(1)[0]);
  if (target !== 'S' && target !== 'P')
    throw new ProtocolViolation(`${what} of "${target}": expected S (a statement) or P (a portal)`);
  return { target, name: reader.string() };
}

export function executeMessage(body: Buffer): ExecuteMessage {
  const reader = new BodyReader(body, 'an Execute');
  return { portal: reader.string(), maxRows: reader.int32() };
}
