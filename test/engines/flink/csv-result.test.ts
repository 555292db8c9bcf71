/**
 * A CSV result on Flink, asserted without starting Flink: what its writer cannot write (a
 * DECIMAL's scale) is cast to text over the query, in the query's order; and a bare exception
 * from Flink comes with the cause that says what it was doing.
 */
import { sortKeys } from '../../../src/engines/flink/gate';
import { flinkReason } from '../../../src/engines/flink/gateway';
import { insertResult, resultTable, textColumns } from '../../../src/engines/flink/result';

/** Flink's EXPLAIN of a query, its abstract syntax tree as Flink 2.3 prints it. */
const plan = (tree: string) =>
  `== Abstract Syntax Tree ==\n${tree}\n\n== Optimized Physical Plan ==\nCalc(select=[a])`;

const columns = [
  { name: 'k', type: 'INT' },
  { name: 'amount', type: 'DECIMAL(12, 2)' },
  { name: 'total', type: 'DECIMAL(38, 2)' },
];
const task = (format: 'csv' | 'parquet') => ({
  sql: 'SELECT 1',
  output: { location: 's3://b/out/', format },
  previewRows: 20,
});

describe('Function: sortKeys', () => {
  it("reads the root sort's keys, with the NULLs' place Calcite leaves unsaid", () => {
    expect(
      sortKeys(
        plan(`LogicalSort(sort0=[$0], sort1=[$2], sort2=[$1], dir0=[ASC-nulls-first], dir1=[DESC], dir2=[ASC])
+- LogicalProject(k=[$0], amount=[$3], total=[$4])
   +- LogicalTableScan(table=[[default_catalog, default_database, t]])`),
      ),
    ).toEqual([
      { column: 0, order: 'ASC NULLS FIRST' },
      { column: 2, order: 'DESC NULLS FIRST' },
      { column: 1, order: 'ASC NULLS LAST' },
    ]);
  });

  it('knows no keys for a sort by what the query does not return, nor for a LIMIT alone', () => {
    expect(
      sortKeys(
        plan(`LogicalProject(amount=[$0], k=[$1])
+- LogicalSort(sort0=[$2], dir0=[DESC-nulls-last])
   +- LogicalProject(amount=[$3], k=[$0], ts=[$2])
      +- LogicalTableScan(table=[[default_catalog, default_database, t]])`),
      ),
    ).toBeUndefined();
    expect(sortKeys(plan('LogicalSort(fetch=[5])\n+- LogicalTableScan(table=[[t]])'))).toBeUndefined();
  });
});

describe('A CSV result', () => {
  const keys = [{ column: 0, order: 'ASC NULLS FIRST' }];

  it('writes its DECIMALs as text, reads an empty field as NULL, and keeps the order by sorting again', () => {
    const asText = textColumns(columns, 'csv', { ordered: true, keys });
    expect(asText).toEqual([false, true, true]);
    expect(resultTable(columns, task('csv'), true, asText)).toBe(
      "CREATE TEMPORARY TABLE __metaq_result (`k` INT, `amount` STRING, `total` STRING) WITH ('connector' = 'filesystem', 'path' = 's3://b/out/', 'format' = 'csv', 'csv.empty-string-as-null' = 'true', 'sink.parallelism' = '1')",
    );
    expect(insertResult(columns, 'SELECT * FROM t ORDER BY k', asText, keys)).toBe(
      'INSERT INTO __metaq_result\n' +
        'SELECT __metaq_rows.`k`, CAST(__metaq_rows.`amount` AS STRING), CAST(__metaq_rows.`total` AS STRING) FROM (\n' +
        'SELECT * FROM t ORDER BY k\n' +
        ') AS __metaq_rows(`k`, `amount`, `total`)\n' +
        'ORDER BY __metaq_rows.`k` ASC NULLS FIRST',
    );
  });

  it("leaves Flink's own DECIMALs when the order could not be kept, and other formats alone", () => {
    expect(textColumns(columns, 'csv', { ordered: true })).toEqual([false, false, false]);
    expect(textColumns(columns, 'parquet', { ordered: false })).toEqual([false, false, false]);
    expect(textColumns(columns, 'csv', { ordered: false })).toEqual([false, true, true]);
    expect(insertResult(columns, 'SELECT * FROM t', [false, false, false])).toBe(
      'INSERT INTO __metaq_result\nSELECT * FROM t',
    );
  });
});

describe('Function: flinkReason', () => {
  it('gives a bare exception with the cause above it that has words, and what threw it', () => {
    // The gateway's answer when Flink's CSV reader met an empty DATE field (Flink 2.3, shortened).
    const body = JSON.stringify({
      errors: [
        'Internal server error.',
        [
          '<Exception on server side:',
          'org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.',
          '\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)',
          'Caused by: org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy',
          '\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)',
          'Caused by: java.lang.RuntimeException: Fail to deserialize at field: d.',
          '\tat org.apache.flink.formats.csv.CsvToRowDataConverters.lambda$createRowConverter$18bb1dd$1(CsvToRowDataConverters.java:112)',
          'Caused by: java.lang.IllegalArgumentException',
          '\tat java.sql/java.sql.Date.valueOf(Date.java:141)',
          '\t... 14 more',
          '',
          'End of exception on server side>',
        ].join('\n'),
      ],
    });
    expect(flinkReason(body, 500)).toBe(
      'java.lang.RuntimeException: Fail to deserialize at field: d. (caused by java.lang.IllegalArgumentException at java.sql/java.sql.Date.valueOf(Date.java:141))',
    );
  });
});
