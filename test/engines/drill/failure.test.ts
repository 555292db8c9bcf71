/**
 * A failed query's reason: Drill's error alone says "Drill Remote Exception"; the causes come from
 * the profile's verbose error (this one is Drill 1.22's own, for Parquet DECIMALs read with
 * `planner.enable_decimal_data_type` off), without stack frames or Drill's bookkeeping.
 */
import { causesOf, failureReason } from '../../../src/engines/drill/failure';

const error = 'UNSUPPORTED_OPERATION ERROR: Drill Remote Exception\n\n';
const verboseError = [
  'UNSUPPORTED_OPERATION ERROR: Drill Remote Exception',
  '',
  '',
  '',
  '  (java.lang.Exception) UNSUPPORTED_OPERATION ERROR: Decimal data type is disabled. ',
  "Use option 'planner.enable_decimal_data_type' to enable decimal data type",
  '',
  'Fragment: 0:0',
  '',
  '[Error Id: b5226487-0c7b-47e9-8cb8-56efe25f2bd6 on 127.0.0.1:37469]',
  '    org.apache.drill.common.exceptions.UserException$Builder.build():688',
  '    org.apache.drill.exec.store.parquet.ParquetReaderUtility.checkDecimalTypeEnabled():139',
  '    .......():0',
  '  Caused By (java.lang.IllegalStateException) Record is too wide for a batch',
  '    org.apache.drill.exec.vector.VarCharVector.setSafe():720',
  '',
].join('\n');

describe('Method: failureReason', () => {
  it('adds the causes of a remote exception to its one line', () => {
    expect(failureReason(error, verboseError)).toBe(
      'UNSUPPORTED_OPERATION ERROR: Drill Remote Exception (caused by: UNSUPPORTED_OPERATION ERROR: ' +
        "Decimal data type is disabled. Use option 'planner.enable_decimal_data_type' to enable decimal data type; " +
        'caused by: Record is too wide for a batch)',
    );
  });

  it('keeps an error that says it all as it is, without its error id', () => {
    const validation =
      "VALIDATION ERROR: Column 'no_such_column' not found in any table\n\n\n[Error Id: 1234 ]";
    expect(
      failureReason(validation, `${validation}\n\n  (org.apache.calcite.runtime.CalciteContextException) x`),
    ).toBe("VALIDATION ERROR: Column 'no_such_column' not found in any table (caused by: x)");
    expect(failureReason(validation)).toBe(
      "VALIDATION ERROR: Column 'no_such_column' not found in any table",
    );
  });

  it('cuts a very long reason', () => {
    expect(failureReason(`SYSTEM ERROR: ${'x'.repeat(5000)}`)).toHaveLength(1500);
  });
});

describe('Method: causesOf', () => {
  it('gives each cause once, in order', () => {
    const twice = `${verboseError}\n  Caused By (java.lang.IllegalStateException) Record is too wide for a batch\n`;
    expect(causesOf(twice)).toHaveLength(2);
  });
});
