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

/** Memory of each handler's Lambda function (infra's HandlerFunction default). */
export const HANDLER_MEMORY_MB = 512;

export interface WorkerUsage {
  memoryMb: number;
  /** From launch to stop: a dismissed spare is billed for the time it ran too. */
  ms: number;
}

export interface HandlerUsage {
  /** Handler invocations, retries and Submit's loop included. */
  invocations: number;
  /** Their run times added up (not the waits between retries, which Step Functions does not bill as Lambda). */
  ms: number;
}

export interface Cost {
  usd: number;
  breakdown: {
    workersUsd: number;
    handlersUsd: number;
    requestsUsd: number;
    transitionsUsd: number;
    /** The workers' GB-seconds. */
    gbSeconds: number;
    handlerGbSeconds: number;
  };
}

export function estimateCost(workers: WorkerUsage[], handlers: HandlerUsage, transitions: number): Cost {
  const gbSeconds = workers.reduce((sum, w) => sum + gbSecondsOf(w.memoryMb, w.ms), 0);
  const workersUsd = gbSeconds * prices.lambdaGbSecond;
  const handlerGbSeconds = gbSecondsOf(HANDLER_MEMORY_MB, handlers.ms);
  const handlersUsd = handlerGbSeconds * prices.lambdaGbSecond;
  // Each worker is one Lambda request, each handler invocation one more.
  const requestsUsd = (workers.length + handlers.invocations) * prices.lambdaRequest;
  const transitionsUsd = transitions * prices.stateTransition;
  const usd = workersUsd + handlersUsd + requestsUsd + transitionsUsd;
  return {
    usd: round(usd),
    breakdown: {
      workersUsd: round(workersUsd),
      handlersUsd: round(handlersUsd),
      requestsUsd: round(requestsUsd),
      transitionsUsd: round(transitionsUsd),
      gbSeconds: round(gbSeconds),
      handlerGbSeconds: round(handlerGbSeconds),
    },
  };
}

const gbSecondsOf = (memoryMb: number, ms: number) => (memoryMb / 1024) * (ms / 1000);

function round(value: number): number {
  return Number(value.toPrecision(6));
}
