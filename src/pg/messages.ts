/**
 * The backend messages of PostgreSQL's protocol v3 that metaq sends, each encoded on its own:
 * a type byte, an Int32 length that counts itself, then the body (protocol-message-formats).
 */

/** A column as RowDescription announces it. */
export interface FieldDescription {
  name: string;
  typeOid: number;
  /** pg_type.typlen: -1 for variable-length types. */
  typeSize: number;
  /** 0 text (the default), 1 binary. */
  format?: number;
}

/** What an ErrorResponse carries: severity, SQLSTATE and message are always sent. */
export interface ErrorFields {
  severity: 'ERROR' | 'FATAL';
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** Transaction status in ReadyForQuery: metaq runs no transactions, so idle unless a BEGIN was seen. */
export type TransactionStatus = 'I' | 'T' | 'E';

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

export const authenticationOk = () => message('R', int32(0));

/** AuthenticationSASL: the one mechanism metaq offers. */
export const authenticationSasl = () => message('R', int32(10), cstring('SCRAM-SHA-256'), Buffer.from([0]));

export const authenticationSaslContinue = (data: string) => message('R', int32(11), Buffer.from(data));

export const authenticationSaslFinal = (data: string) => message('R', int32(12), Buffer.from(data));

export const parameterStatus = (name: string, value: string) => message('S', cstring(name), cstring(value));

/** The key a client sends back in a CancelRequest (on another connection) to stop a query. */
export const backendKeyData = (pid: number, secret: number) => message('K', int32(pid), int32(secret));

export const readyForQuery = (status: TransactionStatus) => message('Z', Buffer.from(status, 'latin1'));

export const emptyQueryResponse = () => message('I');

export const commandComplete = (tag: string) => message('C', cstring(tag));

export function rowDescription(fields: FieldDescription[]): Buffer {
  return message(
    'T',
    int16(fields.length),
    ...fields.flatMap((field) => [
      cstring(field.name),
      int32(0), // not a column of a table
      int16(0),
      int32(field.typeOid),
      int16(field.typeSize),
      int32(-1), // no type modifier
      int16(field.format ?? 0),
    ]),
  );
}

/** One row, each value text or already binary; null is sent as length -1, not as an empty value. */
export function dataRow(values: (string | Buffer | null)[]): Buffer {
  return message(
    'D',
    int16(values.length),
    ...values.flatMap((value) => {
      if (value === null) return [int32(-1)];
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      return [int32(bytes.length), bytes];
    }),
  );
}

function fieldsMessage(type: 'E' | 'N', fields: ErrorFields): Buffer {
  const parts = [
    ['S', fields.severity],
    ['V', fields.severity],
    ['C', fields.code],
    ['M', fields.message],
    ['D', fields.detail],
    ['H', fields.hint],
  ].filter((pair): pair is [string, string] => pair[1] !== undefined);
  return message(type, ...parts.map(([code, value]) => cstring(`${code}${value}`)), Buffer.from([0]));
}

export const errorResponse = (fields: ErrorFields) => fieldsMessage('E', fields);

// The extended protocol's acknowledgements (Parse, Bind, Close) and its descriptions.
export const parseComplete = () => message('1');
export const bindComplete = () => message('2');
export const closeComplete = () => message('3');
/** Describe of a statement that returns no rows (SET, BEGIN). */
export const noData = () => message('n');
/** Execute stopped at its row limit: the client may Execute the portal again for more. */
export const portalSuspended = () => message('s');

export const parameterDescription = (typeOids: number[]) =>
  message('t', int16(typeOids.length), ...typeOids.map((oid) => int32(oid)));
