import { parseQueryInput } from '../../src/plan/input';

describe('Method: parseQueryInput', () => {
  it('fills what the user left out with defaults', () => {
    expect(parseQueryInput({ sql: 'SELECT 1' })).toEqual({
      sql: 'SELECT 1',
      engine: 'auto',
      config: {},
      tables: {},
      output: { format: 'parquet' },
      limits: { timeoutSeconds: 600 },
      tags: {},
    });
  });

  it('keeps what the user fixed', () => {
    const input = parseQueryInput({
      sql: 'SELECT 1',
      engine: 'duckdb',
      workers: 1,
      spares: 3,
      output: { format: 'csv', location: 's3://bucket/out/' },
    });
    expect(input).toMatchObject({
      engine: 'duckdb',
      workers: 1,
      spares: 3,
      output: { format: 'csv', location: 's3://bucket/out/' },
    });
  });

  it.each([
    [{ sql: '   ' }, 'sql'],
    [{ sql: 'x', tables: { t: { location: '/tmp/x', format: 'csv' } } }, 'tables.t.location'],
    [{ sql: 'x', tables: { 'bad name': { location: 's3://b/x/', format: 'csv' } } }, 'tables.bad name'],
    [{ sql: 'x', output: { location: 's3://b/no-slash' } }, 'output.location'],
    [{ sql: 'x', limits: { timeoutSeconds: 0 } }, 'limits.timeoutSeconds'],
    [{ sql: 'x', limits: { timeoutSeconds: 86_400 } }, 'limits.timeoutSeconds'],
    [{ sql: 'x', memoryMb: 20000 }, 'memoryMb'],
    [null, 'input'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseQueryInput(input)).toThrow(
      expect.objectContaining({ name: 'InvalidQueryInput', field }),
    );
  });

  it('takes SQL up to 64 KB of UTF-8, counted in bytes, not characters', () => {
    const ascii = `SELECT '${'x'.repeat(65_536 - 10)}'`;
    expect(Buffer.byteLength(ascii)).toBe(65_535);
    expect(parseQueryInput({ sql: ascii }).sql).toBe(ascii);
    // 35,000 characters of two bytes each: fewer characters, more bytes.
    const wide = `SELECT '${'é'.repeat(35_000)}'`;
    expect(() => parseQueryInput({ sql: wide })).toThrow(
      /^sql: is 70,009 bytes long \(UTF-8\), more than 65,536 \(got "SELECT 'é+… \(35011 characters\)\)\. Pass the query text/,
    );
  });
});
