/** Result column types as PostgreSQL type OIDs, and values in PostgreSQL's text format. */
import { PG, pgText, pgTypeOf } from '../../src/pg/pg-types';

describe('pgTypeOf', () => {
  it.each([
    ['INTEGER', PG.int4],
    ['BIGINT', PG.int8],
    ['DOUBLE', PG.float8],
    ['DECIMAL(15,2)', PG.numeric],
    ['VARCHAR', PG.text],
    ['DATE', PG.date],
    ['TIMESTAMP', PG.timestamp],
    ['TIMESTAMP WITH TIME ZONE', PG.timestamptz],
    ['BOOLEAN', PG.bool],
    ['HUGEINT', PG.numeric],
    ['INTEGER[]', PG.text],
  ])('%s', (type, pg) => {
    expect(pgTypeOf(type)).toBe(pg);
  });
});

describe('pgText', () => {
  it('booleans as t/f, NULL as NULL, a FLOAT as short as PostgreSQL prints it', () => {
    expect(pgText(true, PG.bool)).toBe('t');
    expect(pgText(false, PG.bool)).toBe('f');
    expect(pgText(null, PG.int4)).toBeNull();
    expect(pgText(Math.fround(0.1), PG.float4)).toBe('0.1');
    expect(pgText(0.1, PG.float8)).toBe('0.1');
    expect(pgText(Number.POSITIVE_INFINITY, PG.float8)).toBe('Infinity');
    expect(pgText(12345678901234567890n, PG.numeric)).toBe('12345678901234567890');
  });
});
