/** What the Trino engine generates, asserted without starting Trino. */
import {
  accessRules,
  configProperties,
  hiveCatalog,
  jvmArgs,
  type TrinoSetup,
  trinoMemory,
} from '../../../src/engines/trino/config';
import { ownScans, tablesScanned } from '../../../src/engines/trino/gate';
import { orderedText, orderOf, writesInOrder } from '../../../src/engines/trino/order';
import { userSession } from '../../../src/engines/trino/result';
import { declareTable, tableFolder, trinoType } from '../../../src/engines/trino/tables';

const head = { index: 2, rank: 0, address: '127.0.0.1', ports: [41000, 41001, 41002, 41003] };
const other = { index: 5, rank: 1, address: '127.0.0.1', ports: [41000, 42001, 42002, 42003] };
const folders = { etc: '/w/etc', data: '/w/data', metastore: '/w/metastore', tmp: '/w/tmp', logs: '/w/logs' };
const setup = (member = head, members = [head, other]): TrinoSetup => ({
  plan: { queryId: 'q-1', memoryMb: 2048 },
  member,
  members,
  s3: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4568',
    accessKeyId: 'K',
    secretAccessKey: 'S',
    pathStyle: true,
  },
  folders,
});

describe('config.properties', () => {
  it('the head coordinates only when it has workers, on a port no other member on its host holds', () => {
    const text = configProperties(setup());
    expect(text).toContain(
      'coordinator=true\nnode-scheduler.include-coordinator=false\nhttp-server.http.port=41001\n',
    );
    expect(text).toContain('discovery.uri=http://127.0.0.1:41001\n');
    expect(text).toContain('node.id=q-1-0\nnode.internal-address=127.0.0.1\n');
    expect(configProperties(setup(head, [head]))).toContain('node-scheduler.include-coordinator=true\n');
    const worker = configProperties(setup(other));
    expect(worker).toContain('coordinator=false\nhttp-server.http.port=42001\n');
    expect(worker).toContain('discovery.uri=http://127.0.0.1:41001\n');
  });

  it('gives one query half the heap of each node, leaving Trino its headroom', () => {
    expect(trinoMemory(2048)).toEqual({ heapMb: 1638, queryMb: 819, headroomMb: 491 });
    expect(configProperties(setup())).toContain('query.max-memory=1638MB\nquery.max-memory-per-node=819MB\n');
    expect(jvmArgs(setup(), '/t/lib', '/t/plugin')).toEqual(
      expect.arrayContaining([
        '-Xmx1638m',
        '-Djava.io.tmpdir=/w/tmp',
        '-XX:-UsePerfData',
        '-Dplugin.dir=/t/plugin',
      ]),
    );
  });
});

describe('the hive catalog and access control', () => {
  it('reads the local S3 path-style, keeps its metastore on the member’s disk, writes external tables', () => {
    expect(hiveCatalog(setup())).toBe(
      [
        'connector.name=hive',
        'hive.metastore=file',
        'hive.metastore.catalog.dir=local:///',
        'fs.native-local.enabled=true',
        'local.location=/w/metastore',
        'hive.non-managed-table-writes-enabled=true',
        'fs.native-s3.enabled=true',
        's3.region=us-east-1',
        's3.endpoint=http://127.0.0.1:4568',
        's3.path-style-access=true',
        's3.aws-access-key=K',
        's3.aws-secret-key=S',
        '',
      ].join('\n'),
    );
  });

  it('allows the query’s tables of its schema, and nothing else', () => {
    const rules = JSON.parse(accessRules(['orders', 'orders$text']));
    expect(rules.catalogs).toEqual([
      { user: 'metaq_engine', catalog: 'system', allow: 'read-only' },
      { user: 'metaq', catalog: 'hive', allow: 'all' },
      { allow: 'none' },
    ]);
    expect(rules.tables[0]).toEqual({
      user: 'metaq_engine',
      catalog: 'system',
      schema: 'runtime',
      table: 'nodes',
      privileges: ['SELECT'],
    });
    expect(rules.tables[1]).toMatchObject({
      user: 'metaq',
      catalog: 'hive',
      schema: 'metaq',
      table: '(orders|orders\\$text)',
    });
    expect(rules.tables[2]).toEqual({ privileges: [] });
    expect(new RegExp(`^${rules.tables[1].table}$`).test('orders$properties')).toBe(false);
  });
});

describe('tables', () => {
  it('declares DuckDB’s types as Trino’s, and refuses what Trino’s hive tables cannot hold', () => {
    expect(['BIGINT', 'DECIMAL(15,2)', 'DATE', 'VARCHAR', 'DOUBLE', 'TIMESTAMP'].map(trinoType)).toEqual([
      'bigint',
      'decimal(15, 2)',
      'date',
      'varchar',
      'double',
      'timestamp(3)',
    ]);
    expect(() => trinoType('STRUCT(a INTEGER)')).toThrow(/no type for DuckDB's STRUCT\(a INTEGER\)/);
  });

  it('a CSV table is a text table under a view that casts, empty fields NULL', () => {
    const table = {
      location: 's3://d/t/orders/',
      format: 'csv' as const,
      columns: [
        { name: 'o_orderkey', type: 'BIGINT' },
        { name: 'o_comment', type: 'VARCHAR' },
      ],
    };
    expect(declareTable('orders', table, 's3://d/t/orders/')).toEqual([
      `CREATE TABLE hive.metaq."orders$text" ("o_orderkey" varchar, "o_comment" varchar) WITH (external_location = 's3://d/t/orders/', format = 'CSV', skip_header_line_count = 1)`,
      `CREATE VIEW hive.metaq."orders" AS SELECT CAST(nullif("o_orderkey", '') AS bigint) AS "o_orderkey", nullif("o_comment", '') AS "o_comment" FROM hive.metaq."orders$text"`,
    ]);
  });

  it('reads a single-file table by its folder only when the file is alone there', () => {
    const table = { location: 's3://d/t/orders/orders.parquet', format: 'parquet' as const };
    expect(tableFolder(table, 1)).toBe('s3://d/t/orders/');
    expect(() => tableFolder(table, 3)).toThrow(/shares its folder with 2 other object\(s\)/);
  });
});

describe('the gate and the order of results', () => {
  it('lists every scan of a plan, hidden and system tables included', () => {
    const plan = {
      name: 'Output',
      children: [
        { name: 'TableScan', descriptor: { table: 'hive:metaq:orders' } },
        { name: 'Join', children: [{ name: 'TableScan', descriptor: { table: 'system:runtime.nodes' } }] },
        { name: 'ScanFilter', descriptor: { table: 'hive:metaq:part constraint on [p_size]' } },
      ],
    };
    expect(tablesScanned(plan)).toEqual(['hive:metaq:orders', 'system:runtime.nodes', 'hive:metaq:part']);
    expect([...ownScans(['Orders'])]).toEqual(['hive:metaq:orders', 'hive:metaq:orders$text']);
  });

  it('tells a sorted result (its ORDER BY is dropped under a write) from a limited or unordered one', () => {
    const plan = (name: string) => ({
      name: 'Output',
      children: [{ name, children: [{ name: 'TableScan' }] }],
    });
    expect(orderOf(plan('RemoteMerge'))).toBe('sorted');
    expect(orderOf(plan('TopN'))).toBe('limited');
    expect(orderOf(plan('Aggregate'))).toBe('none');
    expect(orderedText('SELECT 1 ORDER BY 1', 'sorted')).toBe('SELECT 1 ORDER BY 1\nLIMIT 2147483647');
    expect(orderedText('SELECT 1', 'limited')).toBe('SELECT 1');
    expect(userSession({ 'trino.join_distribution_type': 'BROADCAST', 'spark.x': 1 })).toEqual({
      join_distribution_type: 'BROADCAST',
    });
  });
});

// Trino 476's distributed plans of an ordered write (shortened): the first is the plan that wrote
// rows out of order in CI (a round-robin exchange under round()), the second the same query with
// the session of inOneStream.write.
const writer = `Fragment 1 [SINGLE]
    Output partitioning: SINGLE []
    TableWriter[]
    │   Layout: [partialrows:bigint, fragment:varbinary]
    │   region := r_name
    │   Collected statistics:
    │   aggregations =>
    │       count[region] => [count := count(r_name)]
    └─ LocalExchange[partitioning = SINGLE]
       └─ Project[]
          │   expr_13 := round(sum, integer '2')
          └─ LocalExchange[partitioning = ROUND_ROBIN]
             └─ TopN[count = 12, orderBy = [r_name ASC NULLS LAST, gid ASC NULLS LAST]]
                └─ LocalExchange[partitioning = SINGLE]
                   └─ RemoteSource[sourceFragmentIds = [2]]
                          Layout: [r_name:varchar, gid:bigint, sum:decimal(38,4)]
`;

describe('an ordered write', () => {
  it('is refused when an exchange between the sort and the writer could mix the rows', () => {
    expect(writesInOrder(writer)).toBe(false);
    expect(writesInOrder(writer.replace('ROUND_ROBIN', 'HASH, arguments = [r_name::varchar]'))).toBe(false);
    expect(writesInOrder(writer.replace('TopN[count = 12', 'RemoteSource[count = 12'))).toBe(false);
    expect(writesInOrder('Fragment 0 [SINGLE]\n    Output[columnNames = [x]]\n')).toBe(false);
  });

  it('is accepted when the writer reads the sort through one stream', () => {
    const oneStream = writer.replace(
      'LocalExchange[partitioning = ROUND_ROBIN]',
      'LocalExchange[partitioning = SINGLE]',
    );
    expect(writesInOrder(oneStream)).toBe(true);
    expect(writesInOrder(oneStream.replace('TopN[count = 12', 'RemoteMerge[orderBy = [r_name ASC'))).toBe(
      true,
    );
  });
});
