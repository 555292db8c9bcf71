import { estimateCost, HANDLER_MEMORY_MB, prices } from '../../src/plan/cost';

describe('Method: estimateCost', () => {
  it('bills every launched worker and the handlers by GB-second, plus requests and state transitions', () => {
    const cost = estimateCost(
      [
        { memoryMb: 2048, ms: 10_000 },
        { memoryMb: 2048, ms: 1_000 }, // a dismissed spare is billed for the time it ran
      ],
      { invocations: 7, ms: 4_000 },
      10,
    );
    expect(cost.breakdown.gbSeconds).toBeCloseTo(22);
    expect(cost.breakdown.workersUsd).toBeCloseTo(22 * prices.lambdaGbSecond, 8);
    expect(cost.breakdown.handlerGbSeconds).toBeCloseTo((HANDLER_MEMORY_MB / 1024) * 4);
    expect(cost.breakdown.handlersUsd).toBeCloseTo(
      cost.breakdown.handlerGbSeconds * prices.lambdaGbSecond,
      10,
    );
    expect(cost.breakdown.requestsUsd).toBeCloseTo(9 * prices.lambdaRequest, 12);
    expect(cost.breakdown.transitionsUsd).toBeCloseTo(10 * prices.stateTransition, 8);
    expect(cost.usd).toBeCloseTo(
      cost.breakdown.workersUsd +
        cost.breakdown.handlersUsd +
        cost.breakdown.requestsUsd +
        cost.breakdown.transitionsUsd,
      8, // each part is rounded to 6 significant digits
    );
  });
});
