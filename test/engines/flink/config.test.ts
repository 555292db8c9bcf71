/** What the Flink engine generates, asserted without starting Flink. */
import {
  classpath,
  configYaml,
  type FlinkSetup,
  flinkConfig,
  flinkPorts,
  jvmArgs,
} from '../../../src/engines/flink/config';
import { csvHeader, flinkFiles } from '../../../src/engines/flink/files';
import { isOrdered, leadingKeyword, tablesScanned, writesInOrder } from '../../../src/engines/flink/gate';
import { flinkReason } from '../../../src/engines/flink/gateway';
import { resultColumns, resultTable } from '../../../src/engines/flink/result';
import { declareTable, flinkType } from '../../../src/engines/flink/tables';
import { flinkTraits } from '../../../src/engines/flink/traits';

const ports = (base: number) => Array.from({ length: 8 }, (_, i) => base + i);
const head = { index: 2, rank: 0, address: '127.0.0.1', ports: ports(41000) };
const other = { index: 5, rank: 1, address: '127.0.0.1', ports: [41000, ...ports(42001).slice(0, 7)] };
const setup = (member = head, members = [head, other]): FlinkSetup => ({
  plan: { memoryMb: 2048 },
  member,
  members,
  s3: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4568',
    accessKeyId: 'K',
    secretAccessKey: 'S',
    pathStyle: true,
  },
  folders: { conf: '/w/conf', tmp: '/w/tmp' },
});

describe('Function: flinkConfig', () => {
  it('puts the JobManager, its REST API and the gateway on the head, a TaskManager on every member, on ports no other member on the host holds', () => {
    expect(flinkPorts(head, [head, other])).toEqual({
      taskRpc: 41001,
      taskData: 41002,
      rpc: 41003,
      blob: 41004,
      rest: 41005,
      gateway: 41006,
    });
    const config = flinkConfig(setup(other));
    expect(config).toMatchObject({
      'jobmanager.rpc.address': '127.0.0.1',
      'jobmanager.rpc.port': 41003,
      'rest.port': 41005,
      'sql-gateway.endpoint.rest.port': 41006,
      'taskmanager.rpc.port': '42001',
      'taskmanager.data.port': 42002,
      'taskmanager.resource-id': 'member-1',
      'parallelism.default': 2,
      'execution.runtime-mode': 'batch',
      'restart-strategy.type': 'none',
      'table.dynamic-table-options.enabled': false,
    });
  });

  it('reads the local S3 through S3A, the credentials in the configuration file only', () => {
    const config = flinkConfig(setup());
    expect(config).toMatchObject({
      'fs.s3a.endpoint': 'http://127.0.0.1:4568',
      'fs.s3a.path.style.access': 'true',
      'fs.s3a.access.key': 'K',
      'fs.s3a.secret.key': 'S',
    });
    expect(configYaml({ 'a.b': 'x"y', n: 2 })).toBe('"a.b": "x\\"y"\n"n": 2\n');
    for (const daemon of ['jobmanager', 'taskmanager', 'gateway'] as const)
      expect(jvmArgs(daemon, setup(), '/f/lib/a.jar').join(' ')).not.toMatch(/\bK\b|\bS\b|secret/);
  });

  it('starts each daemon as a JVM with its main class and the member’s configuration', () => {
    const args = jvmArgs('taskmanager', setup(), '/f/lib/a.jar');
    expect(args.slice(-4)).toEqual([
      '/f/lib/a.jar',
      'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
      '--configDir',
      '/w/conf',
    ]);
    expect(args).toContain('-Djava.io.tmpdir=/w/tmp');
    expect(classpath('/f/lib', ['flink-dist-2.3.0.jar', 'b.jar', 'a.jar', 'README'])).toBe(
      '/f/lib/a.jar:/f/lib/b.jar:/f/lib/flink-dist-2.3.0.jar',
    );
  });

  it('takes no per-query settings', () => {
    expect(flinkTraits.config.accepts('flink.parallelism.default', 4)).toBe(false);
  });
});

describe('Function: declareTable', () => {
  it('declares Parquet with DuckDB’s types, CSV as a view over text that drops the header and casts', () => {
    const columns = [
      { name: 'id', type: 'BIGINT' },
      { name: 'price', type: 'DECIMAL(15,2)' },
      { name: 'day', type: 'DATE' },
    ];
    expect(declareTable('t', { location: 's3://b/t/', format: 'parquet', columns })).toEqual([
      "CREATE TEMPORARY TABLE `t` (`id` BIGINT, `price` DECIMAL(15, 2), `day` DATE) WITH ('connector' = 'filesystem', 'path' = 's3://b/t/', 'format' = 'parquet')",
    ]);
    const [text, view] = declareTable('t', { location: 's3://b/t.csv', format: 'csv', columns });
    expect(text).toContain('CREATE TEMPORARY TABLE `t$text` (`id` STRING, `price` STRING, `day` STRING)');
    expect(view).toBe(
      "CREATE TEMPORARY VIEW `t` AS SELECT CAST(NULLIF(`id`, '') AS BIGINT) AS `id`, CAST(NULLIF(`price`, '') AS DECIMAL(15, 2)) AS `price`, CAST(NULLIF(`day`, '') AS DATE) AS `day` FROM `t$text` WHERE (`id` = 'id' AND `price` = 'price' AND `day` = 'day') IS NOT TRUE",
    );
    expect(() => flinkType('STRUCT(a INT)')).toThrow("flink has no type for DuckDB's STRUCT(a INT)");
    expect(() => declareTable('t', { location: 's3://b/t/', format: 'parquet' })).toThrow(/no known columns/);
  });
});

describe('The gate', () => {
  it('reads the statement’s first word, the tables a plan scans, and whether it sorts', () => {
    expect(leadingKeyword('-- hi\n/* x */ (select 1)')).toBe('SELECT');
    expect(leadingKeyword('ADD JAR x')).toBe('ADD');
    const plan = `== Abstract Syntax Tree ==
LogicalProject(a=[$0])
+- LogicalSort(sort0=[$1], dir0=[ASC])
   +- LogicalTableScan(table=[[default_catalog, default_database, orders]])

== Optimized Physical Plan ==
TableSourceScan(table=[[default_catalog, default_database, orders, filter=[]]], fields=[a])`;
    expect(tablesScanned(plan)).toEqual([
      'default_catalog.default_database.orders',
      'default_catalog.default_database.orders',
    ]);
    expect(isOrdered(plan)).toBe(true);
    expect(isOrdered(plan.replace('LogicalSort(sort0=[$1], dir0=[ASC])', 'LogicalSort(fetch=[5])'))).toBe(
      false,
    );
  });

  it('has an ordered result written only by one writer fed straight from the sort', () => {
    const explained = (sinkParallelism: number, strategy: string) =>
      `== Physical Execution Plan ==\n${JSON.stringify({
        nodes: [
          { id: 1, pact: 'Data Source', contents: '[1]:TableSourceScan', parallelism: 2 },
          {
            id: 2,
            pact: 'Operator',
            contents: '[2]:Sort(orderBy=[a])',
            parallelism: 1,
            predecessors: [{ id: 1, ship_strategy: 'GLOBAL' }],
          },
          {
            id: 3,
            pact: 'Data Sink',
            contents: 'Sink: Filesystem',
            parallelism: sinkParallelism,
            predecessors: [{ id: 2, ship_strategy: strategy }],
          },
        ],
      })}`;
    expect(writesInOrder(explained(1, 'FORWARD'))).toBe(true);
    expect(writesInOrder(explained(2, 'REBALANCE'))).toBe(false);
    expect(writesInOrder(explained(1, 'REBALANCE'))).toBe(false);
  });
});

describe('The result', () => {
  it('names every column once, declares the writer (one for an ordered result), and names the files', () => {
    const columns = resultColumns([
      ['n', 'BIGINT NOT NULL'],
      ['n', 'DECIMAL(38, 2)'],
    ]);
    expect(columns).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 'n_2', type: 'DECIMAL(38, 2)' },
    ]);
    const task = {
      sql: 'SELECT 1',
      output: { location: 's3://b/out/', format: 'json' as const },
      previewRows: 20,
    };
    expect(resultTable(columns, task, true)).toBe(
      "CREATE TEMPORARY TABLE __metaq_result (`n` BIGINT, `n_2` DECIMAL(38, 2)) WITH ('connector' = 'filesystem', 'path' = 's3://b/out/', 'format' = 'json', 'json.encode.decimal-as-plain-number' = 'true', 'sink.parallelism' = '1')",
    );
    expect(
      csvHeader([
        { name: 'a,b', type: 'INT' },
        { name: 'c', type: 'INT' },
      ]),
    ).toBe('"a,b",c\n');
    expect(
      flinkFiles([
        's3://b/out/part-u-task-1-file-0',
        's3://b/out/part-u-task-0-file-1',
        's3://b/out/part-u-task-0-file-0',
        's3://b/out/part-0.csv',
      ]),
    ).toEqual([
      's3://b/out/part-u-task-0-file-0',
      's3://b/out/part-u-task-0-file-1',
      's3://b/out/part-u-task-1-file-0',
    ]);
  });

  it("keeps Flink's own reason from the gateway's error", () => {
    const body = JSON.stringify({
      errors: [
        'Internal server error.',
        "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed\n\tat x\nCaused by: org.apache.flink.table.api.ValidationException: SQL validation failed.\n\tat y\nCaused by: org.apache.calcite.sql.validate.SqlValidatorException: Column 'x' not found in any table\n\tat z",
      ],
    });
    expect(flinkReason(body, 500)).toBe(
      "org.apache.calcite.sql.validate.SqlValidatorException: Column 'x' not found in any table",
    );
  });

  it('says how to write a reserved word its parser stopped at (TPC-H Q11: AS value)', () => {
    const parse =
      'org.apache.flink.sql.parser.impl.ParseException: Encountered "value" at line 3, column 41.';
    const body = JSON.stringify({
      errors: [
        'Internal server error.',
        `<Exception on server side:\nx\n\tat a\nCaused by: ${parse}\n\tat b`,
      ],
    });
    expect(flinkReason(body, 500)).toBe(
      `${parse} (if value is a name there, Flink's SQL reserves it: write it quoted, \`value\`)`,
    );
  });
});
