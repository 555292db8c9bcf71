/**
 * Thrift's compact protocol, read into a tree that keeps every field's wire type and written back
 * byte for byte: enough to change one field of a Parquet footer (parquet-timestamps.ts) without a
 * generated schema. Spec: thrift/doc/specs/thrift-compact-protocol.md.
 */

/** Wire types of the compact protocol (a boolean field's value is its type: TRUE or FALSE). */
export const Wire = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

export type Value =
  | boolean // a struct field's boolean
  | number // a byte, and a boolean inside a list or map (its byte as written)
  | bigint // i16, i32, i64
  | Uint8Array // binary, and a double's 8 bytes
  | ThriftList
  | ThriftMap
  | ThriftStruct;
export interface ThriftList {
  element: number;
  items: Value[];
}
export interface ThriftMap {
  key: number;
  value: number;
  entries: [Value, Value][];
}
export interface Field {
  id: number;
  type: number;
  value: Value;
}
export type ThriftStruct = { fields: Field[] };

const isBoolean = (type: number) => type === Wire.TRUE || type === Wire.FALSE;

export class ThriftDecodeError extends Error {
  override name = 'ThriftDecodeError';
}

/** Reads one struct from `bytes` at `start`; `end` is where it stopped. */
export function readStruct(bytes: Uint8Array, start = 0): { struct: ThriftStruct; end: number } {
  let at = start;
  const byte = () => {
    if (at >= bytes.length) throw new ThriftDecodeError(`thrift: ran out of bytes at ${at}`);
    return bytes[at++];
  };
  const varint = () => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = byte();
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
    }
  };
  const zigzag = () => {
    const n = varint();
    return (n >> 1n) ^ -(n & 1n);
  };
  const take = (length: number) => {
    if (at + length > bytes.length)
      throw new ThriftDecodeError(`thrift: ${length} bytes past the end at ${at}`);
    at += length;
    return bytes.slice(at - length, at);
  };
  const value = (type: number, inList: boolean): Value => {
    switch (type) {
      case Wire.TRUE:
      case Wire.FALSE:
        return inList ? byte() : type === Wire.TRUE;
      case Wire.BYTE:
        return byte();
      case Wire.I16:
      case Wire.I32:
      case Wire.I64:
        return zigzag();
      case Wire.DOUBLE:
        return take(8);
      case Wire.BINARY:
        return take(Number(varint()));
      case Wire.LIST:
      case Wire.SET: {
        const head = byte();
        const size = head >> 4 === 15 ? Number(varint()) : head >> 4;
        const element = head & 0x0f;
        return { element, items: Array.from({ length: size }, () => value(element, true)) };
      }
      case Wire.MAP: {
        const size = Number(varint());
        const kinds = size > 0 ? byte() : 0;
        const [key, val] = [kinds >> 4, kinds & 0x0f];
        const entries = Array.from({ length: size }, (): [Value, Value] => [
          value(key, true),
          value(val, true),
        ]);
        return { key, value: val, entries };
      }
      case Wire.STRUCT:
        return struct();
      default:
        throw new ThriftDecodeError(`thrift: unknown type ${type} at ${at - 1}`);
    }
  };
  const struct = (): ThriftStruct => {
    const fields: Field[] = [];
    for (let last = 0; ; ) {
      const head = byte();
      if (head === 0) return { fields };
      const type = head & 0x0f;
      const id = head >> 4 ? last + (head >> 4) : Number(zigzag());
      fields.push({ id, type, value: value(type, false) });
      last = id;
    }
  };
  const result = struct();
  return { struct: result, end: at };
}

export function writeStruct(root: ThriftStruct): Uint8Array {
  const out: number[] = [];
  const varint = (n: bigint) => {
    let rest = n;
    while (rest >= 0x80n) {
      out.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    out.push(Number(rest));
  };
  const zigzag = (n: bigint) => varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  const bytes = (data: Uint8Array) => {
    for (const b of data) out.push(b);
  };
  const value = (type: number, v: Value) => {
    switch (type) {
      case Wire.TRUE:
      case Wire.FALSE:
        if (typeof v === 'number') out.push(v); // inside a list or map; a field's is in its header
        return;
      case Wire.BYTE:
        out.push(v as number);
        return;
      case Wire.I16:
      case Wire.I32:
      case Wire.I64:
        zigzag(v as bigint);
        return;
      case Wire.DOUBLE:
        bytes(v as Uint8Array);
        return;
      case Wire.BINARY:
        varint(BigInt((v as Uint8Array).length));
        bytes(v as Uint8Array);
        return;
      case Wire.LIST:
      case Wire.SET: {
        const list = v as ThriftList;
        if (list.items.length < 15) out.push((list.items.length << 4) | list.element);
        else {
          out.push(0xf0 | list.element);
          varint(BigInt(list.items.length));
        }
        for (const item of list.items) value(list.element, item);
        return;
      }
      case Wire.MAP: {
        const map = v as ThriftMap;
        varint(BigInt(map.entries.length));
        if (map.entries.length) out.push((map.key << 4) | map.value);
        for (const [k, item] of map.entries) {
          value(map.key, k);
          value(map.value, item);
        }
        return;
      }
      case Wire.STRUCT:
        struct(v as ThriftStruct);
        return;
      default:
        throw new ThriftDecodeError(`thrift: cannot write type ${type}`);
    }
  };
  const struct = (s: ThriftStruct) => {
    let last = 0;
    for (const field of s.fields) {
      const type = isBoolean(field.type) ? (field.value ? Wire.TRUE : Wire.FALSE) : field.type;
      const delta = field.id - last;
      if (delta > 0 && delta <= 15) out.push((delta << 4) | type);
      else {
        out.push(type);
        zigzag(BigInt(field.id));
      }
      value(type, field.value);
      last = field.id;
    }
    out.push(0);
  };
  struct(root);
  return Uint8Array.from(out);
}

/** The field `id` of a struct, if it has one. */
export const field = (struct: ThriftStruct, id: number): Field | undefined =>
  struct.fields.find((f) => f.id === id);
