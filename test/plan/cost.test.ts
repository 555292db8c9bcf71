import { estimateCost, prices } from '../../src/plan/cost';

describe('Method: estimateCost', () => {
  it('bills every launched worker by GB-second, plus requests and state transitions', () => {
    const cost = estimateCost(
      [
        { memoryMb: 2048, ms: 10_000 },
        { memoryMb: 2048, ms: 1_000 }, // a dismissed spare is billed for the time it ran
      ],
      7,
      10,
    );
    expect(cost.breakdown.gbSeconds).toBeCloseTo(22);
    expect(cost.breakdown.workersUsd).toBeCloseTo(22 * prices.lambdaGbSecond, 8);
    expect(cost.breakdown.requestsUsd).toBeCloseTo(9 * prices.lambdaRequest, 12);
    expect(cost.breakdown.transitionsUsd).toBeCloseTo(10 * prices.stateTransition, 8);
    expect(cost.usd).toBeCloseTo(
      cost.breakdown.workersUsd + cost.breakdown.requestsUsd + cost.breakdown.transitionsUsd,
      9,
    );
  });
});
