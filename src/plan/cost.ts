/**
 * What a query would cost on AWS at list prices (us-east-1, x86 Lambda, Standard workflows), also
 * when it ran locally, so that plans can be compared by what they would cost in the cloud.
 */
export const prices = {
  /** Lambda compute, USD per GB-second. */
  lambdaGbSecond: 0.0000166667,
  /** Lambda requests, USD per request. */
  lambdaRequest: 0.2 / 1_000_000,
  /** Step Functions Standard, USD per state transition. */
  stateTransition: 0.025 / 1000,
} as const;

export interface WorkerUsage {
  memoryMb: number;
  /** From launch to stop: a dismissed spare is billed for the time it ran too. */
  ms: number;
}

export interface Cost {
  usd: number;
  breakdown: { workersUsd: number; requestsUsd: number; transitionsUsd: number; gbSeconds: number };
}

export function estimateCost(workers: WorkerUsage[], handlerInvocations: number, transitions: number): Cost {
  const gbSeconds = workers.reduce((sum, w) => sum + (w.memoryMb / 1024) * (w.ms / 1000), 0);
  const workersUsd = gbSeconds * prices.lambdaGbSecond;
  // Each worker is one Lambda request, each handler invocation one more.
  const requestsUsd = (workers.length + handlerInvocations) * prices.lambdaRequest;
  const transitionsUsd = transitions * prices.stateTransition;
  const usd = workersUsd + requestsUsd + transitionsUsd;
  return {
    usd: round(usd),
    breakdown: {
      workersUsd: round(workersUsd),
      requestsUsd: round(requestsUsd),
      transitionsUsd: round(transitionsUsd),
      gbSeconds: round(gbSeconds),
    },
  };
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
