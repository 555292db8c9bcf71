/**
 * Retrying AWS calls that were throttled. The SDK retries too, but a burst of launches (one Invoke or
 * RunTask per worker) can outlast its three attempts; a throttled launch is worth waiting for, any
 * other failure is not.
 */
const throttlingNames = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return throttlingNames.has(error.name) || status === 429;
}

export interface ThrottleRetry {
  attempts: number;
  /** First wait; each later one doubles, with jitter. */
  baseMs: number;
}

export const defaultThrottleRetry: ThrottleRetry = { attempts: 6, baseMs: 200 };

export async function retryThrottled<T>(call: () => Promise<T>, retry = defaultThrottleRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= retry.attempts) throw error;
      const wait = retry.baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
