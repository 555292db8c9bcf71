import { csvColumnTypes } from '../../../src/engines/drill/csv-types';
import { tableView } from '../../../src/engines/drill/plugins';

describe('CSV column types for Drill’s views', () => {
  it('the first type every non-empty sampled value fits, text otherwise', () => {
    const rows = [
      {
        id: '1',
        price: '9.5',
        day: '1995-03-15',
        at: '1995-03-15 10:00:00',
        ok: 'true',
        name: 'x',
        none: '',
      },
      {
        id: '-20',
        price: '10',
        day: '1995-03-16',
        at: '1995-03-15T10:00:00.125',
        ok: 'FALSE',
        name: '7',
        none: null,
      },
      { id: '', price: '1e3', day: '', at: '', ok: '', name: '', none: '' },
    ];
    expect(csvColumnTypes(Object.keys(rows[0] ?? {}), rows)).toEqual({
      id: 'BIGINT',
      price: 'DOUBLE',
      day: 'DATE',
      at: 'TIMESTAMP',
      ok: 'BOOLEAN',
      name: 'VARCHAR',
      none: 'VARCHAR',
    });
  });

  it('one value that does not fit keeps the column text; 19 digits are more than BIGINT holds', () => {
    const rows = [
      { a: '1', b: '1234567890123456789' },
      { a: '1.5x', b: '2' },
    ];
    expect(csvColumnTypes(['a', 'b'], rows)).toEqual({ a: 'VARCHAR', b: 'DOUBLE' });
  });

  it('the view casts each typed column, an empty field becoming NULL', () => {
    expect(
      tableView('t', 's3_0.root.`t.csv`', ['id', 'name', 'ok'], {
        id: 'BIGINT',
        name: 'VARCHAR',
        ok: 'BOOLEAN',
      }),
    ).toBe(
      "CREATE OR REPLACE VIEW metaq.`t` AS SELECT CAST(NULLIF(`id`, '') AS BIGINT) AS `id`, `name`, " +
        "CAST(LOWER(NULLIF(`ok`, '')) AS BOOLEAN) AS `ok` FROM s3_0.root.`t.csv`",
    );
  });
});
