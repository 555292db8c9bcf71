/** Time as the scheduler sees it: the real one, or one a test moves by hand. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

// setTimeout takes at most 2^31-1 ms (24.8 days); a yearly cron waits longer, in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    const until = Date.now() + ms;
    for (let left = ms; left > 0 && !signal.aborted; left = until - Date.now()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, LONGEST_TIMER_MS));
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  },
};
