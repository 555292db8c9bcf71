/**
 * Result values in PostgreSQL's binary format, for the columns a client asks to get that way
 * (pgJDBC does, from a statement's sixth run, for numbers, dates and timestamps). Each is made
 * from the value's text format — the one form every value already has here — following the
 * type's send function (PostgreSQL's src/backend/utils/adt): big-endian integers and IEEE floats,
 * dates as days and timestamps as microseconds from 2000-01-01, numeric as base-10000 digits.
 */
import { NotSupported } from './errors';
import { PG } from './pg-types';

const EPOCH_2000_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

/** The types a client may ask for in binary; any other is refused at Bind. */
export const BINARY_TYPES = new Set<number>([
  PG.bool.oid,
  PG.int2.oid,
  PG.int4.oid,
  PG.int8.oid,
  PG.float4.oid,
  PG.float8.oid,
  PG.text.oid,
  PG.numeric.oid,
  PG.date.oid,
  PG.time.oid,
  PG.timestamp.oid,
  PG.timestamptz.oid,
  PG.uuid.oid,
]);

export function binaryValue(text: string, oid: number): Buffer {
  switch (oid) {
    case PG.bool.oid:
      return Buffer.from([text === 't' ? 1 : 0]);
    case PG.int2.oid:
      return integer(2, BigInt(text));
    case PG.int4.oid:
      return integer(4, BigInt(text));
    case PG.int8.oid:
      return integer(8, BigInt(text));
    case PG.float4.oid:
      return withBuffer(4, (buffer) => buffer.writeFloatBE(Number(text)));
    case PG.float8.oid:
      return withBuffer(8, (buffer) => buffer.writeDoubleBE(Number(text)));
    case PG.text.oid:
      return Buffer.from(text, 'utf8');
    case PG.numeric.oid:
      return numeric(text);
    case PG.date.oid:
      return integer(4, BigInt(Math.round((dateMs(text) - EPOCH_2000_MS) / DAY_MS)));
    case PG.time.oid:
      return integer(8, microsOfDay(text));
    case PG.timestamp.oid:
    case PG.timestamptz.oid:
      return integer(8, timestampMicros(text));
    case PG.uuid.oid:
      return Buffer.from(text.replaceAll('-', ''), 'hex');
  }
  throw new NotSupported(`type OID ${oid} cannot be sent in binary format: ask for text (format 0)`);
}

function withBuffer(size: number, write: (buffer: Buffer) => void): Buffer {
  const buffer = Buffer.alloc(size);
  write(buffer);
  return buffer;
}

function integer(size: 2 | 4 | 8, value: bigint): Buffer {
  return withBuffer(size, (buffer) => {
    if (size === 2) buffer.writeInt16BE(Number(value));
    else if (size === 4) buffer.writeInt32BE(Number(value));
    else buffer.writeBigInt64BE(value);
  });
}

function dateMs(text: string): number {
  const match = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text);
  if (!match) throw new NotSupported(`the date ${text} cannot be sent in binary format: ask for text`);
  const year = match[4] ? 1 - Number(match[1]) : Number(match[1]);
  const ms = new Date(0).setUTCFullYear(year, Number(match[2]) - 1, Number(match[3]));
  return ms;
}

/** `HH:MM:SS[.ffffff]` as microseconds since midnight. */
function microsOfDay(text: string): bigint {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(text);
  if (!match) throw new NotSupported(`the time ${text} cannot be sent in binary format: ask for text`);
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return BigInt(seconds) * 1_000_000n + BigInt((match[4] ?? '').padEnd(6, '0'));
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM]]` as microseconds since 2000-01-01 00:00 UTC. */
function timestampMicros(text: string): bigint {
  const match = /^(\S+) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?:([+-])(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!match) throw new NotSupported(`the timestamp ${text} cannot be sent in binary format: ask for text`);
  const days = BigInt(Math.round((dateMs(match[1]) - EPOCH_2000_MS) / DAY_MS));
  const offsetMinutes = match[3]
    ? (Number(match[4]) * 60 + Number(match[5] ?? 0)) * (match[3] === '-' ? -1 : 1)
    : 0;
  const time = microsOfDay(match[2].replace(/(\.\d{6})\d+$/, '$1'));
  return days * 86_400_000_000n + time - BigInt(offsetMinutes) * 60_000_000n;
}

/**
 * numeric_send: the number of base-10000 digits, the weight of the first (its power of 10000),
 * the sign (0x0000, 0x4000 negative, 0xC000 NaN), the display scale, then the digits.
 */
function numeric(text: string): Buffer {
  if (text === 'NaN') return Buffer.from([0, 0, 0, 0, 0xc0, 0, 0, 0]);
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new NotSupported(`the number ${text} cannot be sent in binary format: ask for text`);
  const [, sign, whole, fraction = ''] = match;
  const scale = fraction.length;
  // The whole part padded on the left and the fraction on the right to groups of four digits.
  const left = whole.replace(/^0+/, '');
  const paddedWhole = left.padStart(Math.ceil(left.length / 4) * 4, '0');
  const paddedFraction = fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  let digits = `${paddedWhole}${paddedFraction}`.match(/.{4}/g)?.map(Number) ?? [];
  let weight = paddedWhole.length / 4 - 1;
  while (digits.length > 0 && digits[0] === 0) {
    digits = digits.slice(1);
    weight--;
  }
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits = digits.slice(0, -1);
  if (digits.length === 0) weight = 0;
  const buffer = Buffer.alloc(8 + digits.length * 2);
  buffer.writeInt16BE(digits.length, 0);
  buffer.writeInt16BE(weight, 2);
  buffer.writeUInt16BE(sign === '-' && digits.length > 0 ? 0x4000 : 0, 4);
  buffer.writeInt16BE(scale, 6);
  digits.forEach((digit, i) => {
    buffer.writeInt16BE(digit, 8 + i * 2);
  });
  return buffer;
}
