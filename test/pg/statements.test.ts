/** What is answered without an engine, and the metaq options a statement carries. */
import { classify, leadingOptions, settingValue } from '../../src/pg/statements';

describe('classify', () => {
  it.each([
    ['', { kind: 'empty' }],
    [' ; ', { kind: 'empty' }],
    ['BEGIN', { kind: 'transaction', tag: 'BEGIN' }],
    ['start transaction read only;', { kind: 'transaction', tag: 'BEGIN' }],
    ['commit', { kind: 'transaction', tag: 'COMMIT' }],
    ['ROLLBACK;', { kind: 'transaction', tag: 'ROLLBACK' }],
    ["SET client_encoding = 'UTF8'", { kind: 'set', name: 'client_encoding', value: 'UTF8' }],
    ['SET SESSION DateStyle TO ISO', { kind: 'set', name: 'datestyle', value: 'ISO' }],
    ["set metaq.engine='duckdb';", { kind: 'set', name: 'metaq.engine', value: 'duckdb' }],
    ['SET metaq.workers = 3', { kind: 'set', name: 'metaq.workers', value: '3' }],
    ["SET TIME ZONE 'UTC'", { kind: 'set', name: 'timezone', value: 'UTC' }],
    ['SET extra_float_digits = DEFAULT', { kind: 'set', name: 'extra_float_digits', value: undefined }],
    ['RESET metaq.engine', { kind: 'set', name: 'metaq.engine', value: undefined }],
    ['SHOW server_version', { kind: 'show', name: 'server_version' }],
    ['select version()', { kind: 'version' }],
    ['SELECT pg_catalog.version();', { kind: 'version' }],
    ['SELECT c.relname FROM pg_catalog.pg_class c', { kind: 'catalog' }],
    ['select * from INFORMATION_SCHEMA.tables', { kind: 'catalog' }],
    ['select current_catalog', { kind: 'catalog' }],
    ['SELECT current_schema(), session_user', { kind: 'catalog' }],
  ])('%j', (text, statement) => {
    expect(classify(text)).toEqual(statement);
  });

  it('anything else is a query, its trailing semicolon taken off', () => {
    expect(classify('SELECT 42;\n')).toEqual({ kind: 'query', sql: 'SELECT 42', options: {} });
    expect(classify("SELECT 'SET x = 1'")).toMatchObject({ kind: 'query' });
    // A table's column may be named so: with FROM, the engine answers.
    expect(classify('SELECT current_user FROM logins')).toMatchObject({ kind: 'query' });
  });

  it('a leading metaq comment gives options for that statement alone', () => {
    expect(classify('/* metaq: engine=duckdb workers=1 */ SELECT 1')).toEqual({
      kind: 'query',
      sql: 'SELECT 1',
      options: { engine: 'duckdb', workers: '1' },
    });
  });
});

describe('leadingOptions', () => {
  it('leaves other comments in the SQL', () => {
    expect(leadingOptions('/* hello */ SELECT 1')).toEqual({ sql: '/* hello */ SELECT 1', options: {} });
  });

  it('names the malformed part of a metaq comment', () => {
    expect(() => leadingOptions('/* metaq: engine duckdb */ SELECT 1')).toThrow(/holds "engine"/);
  });
});

describe('settingValue', () => {
  it('unquotes, keeps bare words, reads DEFAULT as a reset', () => {
    expect(settingValue("'it''s'")).toBe("it's");
    expect(settingValue('"ISO, MDY"')).toBe('ISO, MDY');
    expect(settingValue(' 3 ')).toBe('3');
    expect(settingValue('default')).toBeUndefined();
  });
});
