import { timingsOf } from '../../src/history/report';
import { describe as describeError } from '../../src/session/teardown';

describe('Method: describe (a caught error)', () => {
  it('reads the message out of an AWS Lambda error cause', () => {
    const cause = JSON.stringify({
      errorType: 'QueryFailed',
      errorMessage: 'duckdb: no such column',
      trace: [],
    });
    expect(describeError({ Error: 'QueryFailed', Cause: cause })).toEqual({
      name: 'QueryFailed',
      message: 'duckdb: no such column',
    });
  });

  it('takes a plain cause as the message', () => {
    expect(describeError({ Error: 'WorkerLost', Cause: 'worker 1 stopped' })).toEqual({
      name: 'WorkerLost',
      message: 'worker 1 stopped',
    });
  });
});

describe('Method: timingsOf', () => {
  it('gives each finished phase its duration and the total from first start to last end', () => {
    expect(
      timingsOf({
        phaseStarts: { optimize: 100, provision: 130, rendezvous: 150 },
        phaseEnds: { optimize: 120, provision: 150 },
      }),
    ).toEqual({
      optimizeMs: 20,
      provisionMs: 20,
      totalMs: 50,
    });
  });
});
