/** Drill's gate on the operators of physical plans as Drill 1.22's EXPLAIN writes them. */
import { type PhysicalOperator, refusedRead } from '../../../src/engines/drill/gate';

const plan = {
  tables: {
    lineitem: { location: 's3://data/tpch/lineitem/', format: 'parquet' as const },
    nation: { location: 's3://data/tpch/nation.csv', format: 'csv' as const },
  },
};
const storage = { connection: 's3a://data' };

describe('Method: refusedRead', () => {
  it('lets through reads of the plan’s tables, VALUES, and every operator with an input', () => {
    const reads: PhysicalOperator[] = [
      { pop: 'fs-scan', files: ['/tpch/nation.csv'], selectionRoot: '/tpch/nation.csv', storage },
      { pop: 'parquet-scan', entries: [{ path: 's3a://data/tpch/lineitem/part-0.parquet' }], storage },
      { pop: 'parquet-scan', entries: [{ path: '/tpch/lineitem/sub/part-1.parquet' }], storage },
      { pop: 'Values' },
      { pop: 'hash-join', left: 1, right: 2 },
      { pop: 'project', child: 3 },
    ];
    expect(reads.map((operator) => refusedRead(operator, plan))).toEqual(reads.map(() => undefined));
  });

  it.each<[string, PhysicalOperator, string]>([
    ['Drill’s system tables', { pop: 'sys', table: 'OPTIONS' }, 'sys.options'],
    ['the information schema', { pop: 'info-schema', table: 'TABLES' }, 'information_schema.tables'],
    [
      'another file of the bucket',
      { pop: 'fs-scan', files: ['/tpch/secret.csv'], storage },
      's3://data/tpch/secret.csv',
    ],
    [
      'a folder beside a table’s',
      { pop: 'fs-scan', files: ['/tpch/lineitem2/x.csv'], storage },
      's3://data/tpch/lineitem2/x.csv',
    ],
    [
      'a table’s folder read from another bucket',
      { pop: 'fs-scan', files: ['/tpch/nation.csv'], storage: { connection: 's3a://other' } },
      's3://other/tpch/nation.csv',
    ],
    ['a reader of no files', { pop: 'mock-scan' }, 'mock-scan'],
  ])('refuses %s', (_, operator, named) => {
    expect(refusedRead(operator, plan)).toBe(named);
  });
});
