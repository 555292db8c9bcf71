/** Parameters of the extended protocol become literals: quoted for the engine, never code. */
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { duckdbTraits } from '../../src/engines/duckdb/traits';
import { sparkTraits } from '../../src/engines/spark/traits';
import { type BoundValue, bindParameters } from '../../src/pg/parameters';

const text = (value: string | null): BoundValue => ({
  bytes: value === null ? null : Buffer.from(value),
  format: 0,
});
const duck = duckdbTraits.sql;
const spark = sparkTraits.sql;

describe('bindParameters', () => {
  it('puts each $n in as a literal of its declared type', () => {
    expect(
      bindParameters(
        'SELECT $1, $2, $3, $4, $5, $6',
        [text('42'), text('-1.5e3'), text('t'), text('x'), text(null), text('2024-01-02')],
        [23, 701, 16, 25, 23, 1082],
        duck,
      ),
    ).toBe("SELECT 42, (-1.5e3), TRUE, 'x', NULL, DATE '2024-01-02'");
  });

  it('leaves $n inside strings, quoted names and comments alone', () => {
    expect(bindParameters(`SELECT '$1', "$1", $1 -- $1\n/* $1 */`, [text('7')], [23], duck)).toBe(
      `SELECT '$1', "$1", 7 -- $1\n/* $1 */`,
    );
  });

  it('a value that is not of its declared type is refused, not passed on', () => {
    expect(() => bindParameters('SELECT $1', [text('1; DROP TABLE t')], [23], duck)).toThrow(
      /parameter \$1 is declared as an integer but holds "1; DROP TABLE t"/,
    );
    expect(() => bindParameters('SELECT $1', [text('maybe')], [16], duck)).toThrow(/declared boolean/);
  });

  it('more $n than values: InvalidParameter naming both counts', () => {
    expect(() => bindParameters('SELECT $1, $2', [text('1')], [], duck)).toThrow(
      expect.objectContaining({
        name: 'InvalidParameter',
        message: expect.stringMatching(/\$2, but 1 parameter/),
      }),
    );
  });

  it("quotes strings the engine's way: doubled quotes for DuckDB, backslashes for Spark", () => {
    expect(bindParameters('SELECT $1', [text("it's \\ ok")], [0], duck)).toBe("SELECT 'it''s \\ ok'");
    expect(bindParameters('SELECT $1', [text("it's \\ ok")], [0], spark)).toBe("SELECT 'it\\'s \\\\ ok'");
  });

  it('with the engine not chosen yet, a quote or backslash is refused, plain text is quoted', () => {
    expect(bindParameters('SELECT $1', [text('plain text')], [0], undefined)).toBe("SELECT 'plain text'");
    expect(() => bindParameters('SELECT $1', [text("O'Brien")], [0], undefined)).toThrow(/SET metaq.engine/);
  });

  it('binary int4, int8, float8 and bool are read; other binary types are refused', () => {
    const int4 = Buffer.alloc(4);
    int4.writeInt32BE(-7);
    const int8 = Buffer.alloc(8);
    int8.writeBigInt64BE(9007199254740993n);
    const float8 = Buffer.alloc(8);
    float8.writeDoubleBE(0.25);
    const values = [int4, int8, float8, Buffer.from([1])].map((bytes) => ({ bytes, format: 1 }));
    expect(bindParameters('SELECT $1, $2, $3, $4', values, [23, 20, 701, 16], duck)).toBe(
      'SELECT (-7), 9007199254740993, 0.25, TRUE',
    );
    expect(() => bindParameters('SELECT $1', [{ bytes: Buffer.alloc(4), format: 1 }], [1082], duck)).toThrow(
      /binary format for type OID 1082/,
    );
  });

  // Checked by an engine, not by reading the text: what comes back is what went in.
  it('any string survives the round trip through DuckDB', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const samples = [
        "'",
        "''",
        "\\'",
        "'); SELECT 1; --",
        '$1',
        '$$',
        'é漢字🙂',
        '/* x',
        '--',
        '"',
        '\\\\',
        ' ',
      ];
      for (const sample of samples) {
        const sql = bindParameters('SELECT $1 AS v', [text(sample)], [25], duck);
        const rows = (await connection.runAndReadAll(sql)).getRows();
        expect(rows).toEqual([[sample]]);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'grapheme' }).filter((value) => !value.includes('\0')),
          async (value) => {
            const sql = bindParameters('SELECT $1 AS v', [text(value)], [0], duck);
            expect((await connection.runAndReadAll(sql)).getRows()).toEqual([[value]]);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
