/**
 * Waiting without holding a Lambda for long: poll until a check gives an answer or this
 * invocation's budget is spent, then throw `NotReadyYet` so that the state's Retry calls again.
 */
import { settings } from '../config';
import { NotReadyYet } from './errors';

export interface WaitOptions {
  /** How long this invocation may wait, below the state's TimeoutSeconds. */
  budgetMs: number;
  intervalMs: number;
  what: string;
}

export function waitOptions(what: string, env: NodeJS.ProcessEnv = process.env): WaitOptions {
  return {
    what,
    budgetMs: settings(env).waitBudgetMs,
    intervalMs: settings(env).pollMs,
  };
}

export async function pollUntil<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const until = Date.now() + options.budgetMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() >= until) throw new NotReadyYet(`still waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
