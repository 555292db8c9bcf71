/** Binary result values, read back by node-postgres' own binary parsers (pg-types) as the independent answer. */
import { getTypeParser } from 'pg-types';
import { binaryValue } from '../../src/pg/binary';

const parse = (oid: number, bytes: Buffer) =>
  (getTypeParser(oid, 'binary') as (value: Buffer) => unknown)(bytes);

describe('binaryValue', () => {
  it.each([
    [16, 't', true],
    [16, 'f', false],
    [21, '-32768', -32768],
    [23, '2147483647', 2147483647],
    [20, '-9007199254740993', '-9007199254740993'],
    [701, '0.1', 0.1],
    [25, 'é漢字', 'é漢字'],
  ])('type %i: %s', (oid, text, expected) => {
    expect(parse(oid, binaryValue(text, oid))).toEqual(expected);
  });

  // pg-types reads numeric into a JS number (lossy): read it here as numeric_recv lays it out instead.
  it.each(['0', '15.4865', '-0.0001', '123456789012345678.91', '10000', '1.50', '-12345.678900', '0.00'])(
    'numeric %s keeps its digits and scale',
    (text) => {
      expect(numericText(binaryValue(text, 1700))).toBe(text);
    },
  );

  it('dates and timestamps count from 2000-01-01', () => {
    expect(binaryValue('2000-01-01', 1082).readInt32BE(0)).toBe(0);
    expect(binaryValue('1999-12-31', 1082).readInt32BE(0)).toBe(-1);
    expect(binaryValue('2024-01-02', 1082).readInt32BE(0)).toBe(8767);
    const stamp = parse(1114, binaryValue('2024-01-31 13:45:07.25', 1114)) as Date;
    expect(stamp.getTime()).toBe(Date.UTC(2024, 0, 31, 13, 45, 7, 250) + stamp.getTimezoneOffset() * 60_000);
    const zoned = parse(1184, binaryValue('2024-01-31 13:45:07.25+02', 1184)) as Date;
    expect(zoned.toISOString()).toBe('2024-01-31T11:45:07.250Z');
    expect(binaryValue('00:00:01.5', 1083).readBigInt64BE(0)).toBe(1_500_000n);
  });

  it('a type without a binary form is refused, naming the fix', () => {
    expect(() => binaryValue('[1, 2]', 1007)).toThrow(/ask for text/);
  });
});

/** numeric_recv: digit count, weight, sign, display scale, then base-10000 digits. */
function numericText(bytes: Buffer): string {
  const [count, weight, sign, scale] = [0, 2, 4, 6].map((at) => bytes.readUInt16BE(at));
  const digits = Array.from({ length: count }, (_, i) => bytes.readInt16BE(8 + 2 * i));
  const signedWeight = weight > 0x7fff ? weight - 0x10000 : weight;
  let whole = '';
  let fraction = '';
  for (let power = Math.max(signedWeight, 0); power >= 0; power--)
    whole += String(digits[signedWeight - power] ?? 0).padStart(4, '0');
  for (let power = -1; power >= Math.min(-1, signedWeight - count + 1) || fraction.length < scale; power--)
    fraction += String(digits[signedWeight - power] ?? 0).padStart(4, '0');
  const number = `${whole.replace(/^0+(?=\d)/, '')}${scale > 0 ? `.${fraction.slice(0, scale)}` : ''}`;
  return sign === 0x4000 ? `-${number}` : number;
}
