/**
 * Parameters of the extended protocol ($1, $2 …) put into the statement's text as literals, since
 * the engines take one SQL text and no parameters. Safely: every value becomes a literal of its
 * declared type (a number only when it is one, anything else a quoted string), `$n` inside
 * strings, quoted names and comments is left alone, and a string is quoted the way the engine's
 * dialect reads it — doubled quotes for most, backslash escapes for Spark, ClickHouse and
 * Databend (where `'it''s'` is two strings Spark joins into "its"). When the engine is not chosen
 * yet (`auto`), a value that the two ways would read differently is refused rather than guessed.
 */
import { type SqlDialect, skip } from '../plan/query-text';
import { InvalidParameter, NotSupported } from './errors';
import { PG } from './pg-types';

/** A parameter as Bind carries it: the bytes (null for SQL NULL) and its format (0 text, 1 binary). */
export interface BoundValue {
  bytes: Buffer | null;
  format: number;
}

const integers = new Set<number>([PG.int2.oid, PG.int4.oid, PG.int8.oid, 26 /* oid */]);
const decimals = new Set<number>([PG.float4.oid, PG.float8.oid, PG.numeric.oid]);
const typedStrings: Record<number, string> = {
  [PG.date.oid]: 'DATE',
  [PG.timestamp.oid]: 'TIMESTAMP',
};

/** `$n` replaced by the literal of value n, outside strings, names and comments. */
export function bindParameters(
  sql: string,
  values: BoundValue[],
  types: number[],
  dialect: SqlDialect | undefined,
): string {
  const literals = values.map((value, index) => literal(value, types[index] ?? 0, index + 1, dialect));
  const lexer = dialect ?? { backslashEscapes: false, dollarQuotes: false };
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skip(sql, i, lexer);
    if (skipped.end > i) {
      out += sql.slice(i, skipped.end);
      i = skipped.end;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (placeholder && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const position = Number(placeholder[1]);
      if (position < 1 || position > literals.length)
        throw new InvalidParameter(
          `the statement refers to $${position}, but ${literals.length} parameter value(s) were bound: bind one value per $n`,
        );
      out += literals[position - 1];
      i += placeholder[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

function literal(value: BoundValue, type: number, position: number, dialect: SqlDialect | undefined): string {
  if (value.bytes === null) return 'NULL';
  const text = value.format === 1 ? binaryText(value.bytes, type, position) : value.bytes.toString('utf8');
  if (type === PG.bool.oid) return booleanLiteral(text, position);
  if (integers.has(type)) return numberLiteral(text, /^[+-]?\d+$/, position, 'an integer');
  if (decimals.has(type))
    return numberLiteral(text, /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, position, 'a number');
  const quoted = stringLiteral(text, position, dialect);
  const keyword = typedStrings[type];
  return keyword ? `${keyword} ${quoted}` : quoted;
}

function booleanLiteral(text: string, position: number): string {
  if (/^(t|true|y|yes|on|1)$/i.test(text.trim())) return 'TRUE';
  if (/^(f|false|n|no|off|0)$/i.test(text.trim())) return 'FALSE';
  throw new InvalidParameter(
    `parameter $${position} is declared boolean but holds "${text}": send true or false`,
  );
}

function numberLiteral(text: string, form: RegExp, position: number, kind: string): string {
  const trimmed = text.trim();
  if (!form.test(trimmed))
    throw new InvalidParameter(`parameter $${position} is declared as ${kind} but holds "${text}"`);
  // In parentheses, a negative value cannot join an operator before it (`x--1` is a comment).
  return trimmed.startsWith('-') ? `(${trimmed})` : trimmed;
}

function stringLiteral(text: string, position: number, dialect: SqlDialect | undefined): string {
  if (text.includes('\0'))
    throw new InvalidParameter(`parameter $${position} holds a NUL character, which no SQL string can`);
  if (dialect?.backslashEscapes) return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (!dialect && /['\\]/.test(text))
    throw new InvalidParameter(
      `parameter $${position} holds a quote or a backslash, which engines quote differently and metaq does not know the engine yet (metaq.engine is auto): choose it, e.g. SET metaq.engine = 'duckdb'`,
    );
  return `'${text.replaceAll("'", "''")}'`;
}

/** Binary parameters of the common types, as text; others must be sent as text. */
function binaryText(bytes: Buffer, type: number, position: number): string {
  const sized = (length: number) => {
    if (bytes.length !== length)
      throw new InvalidParameter(
        `parameter $${position}: ${bytes.length} bytes for a ${length}-byte binary value`,
      );
  };
  switch (type) {
    case PG.bool.oid:
      sized(1);
      return bytes[0] ? 'true' : 'false';
    case PG.int2.oid:
      sized(2);
      return String(bytes.readInt16BE(0));
    case PG.int4.oid:
      sized(4);
      return String(bytes.readInt32BE(0));
    case PG.int8.oid:
      sized(8);
      return String(bytes.readBigInt64BE(0));
    case PG.float4.oid:
      sized(4);
      return finite(bytes.readFloatBE(0), position);
    case PG.float8.oid:
      sized(8);
      return finite(bytes.readDoubleBE(0), position);
    case 0:
    case PG.text.oid:
    case 1043: // varchar
      return bytes.toString('utf8');
    default:
      throw new NotSupported(
        `parameter $${position} is sent in binary format for type OID ${type}, which metaq reads only as text: send it in text format`,
      );
  }
}

function finite(value: number, position: number): string {
  if (!Number.isFinite(value))
    throw new InvalidParameter(
      `parameter $${position} is ${value}, which has no SQL literal in every engine`,
    );
  return String(value);
}
