import { referencedTables } from '../../src/plan/referenced-tables';

describe('Method: referencedTables', () => {
  it('lists the tables of joins and subqueries, without CTE names', () => {
    const sql = `WITH recent AS (SELECT * FROM orders WHERE o_orderdate > DATE '1998-01-01')
      SELECT * FROM recent JOIN Customer c ON o_custkey = c_custkey WHERE EXISTS (SELECT 1 FROM nation)`;
    expect(referencedTables(sql, []).names.sort()).toEqual(['customer', 'nation', 'orders']);
    expect(referencedTables(sql, []).exact).toBe(true);
  });

  it('has no tables for a constant query', () => {
    expect(referencedTables('SELECT 42', [])).toEqual({
      names: [],
      exact: true,
      qualified: [],
      kinds: ['select'],
    });
  });

  it('falls back to known names for SQL the parser does not read, ignoring string literals', () => {
    const sql = "SELECT l_returnflag, count(*) FROM lineitem WHERE l_comment <> 'orders' GROUP BY ALL";
    expect(referencedTables(sql, ['lineitem', 'orders', 'region'])).toEqual({
      names: ['lineitem'],
      exact: false,
      qualified: [],
      kinds: [],
    });
  });

  it('names what is qualified by a schema or catalog, and the kind of every statement', () => {
    const sql = 'SELECT * FROM sys.options JOIN a.b.c ON true JOIN t ON true; DROP TABLE x';
    expect(referencedTables(sql, [])).toMatchObject({
      qualified: ['sys.options', 'a.b.c'],
      kinds: ['select', 'drop'],
    });
  });
});
