/**
 * Where an engine's start spends its seconds, as the worker sees it: each engine process spawned,
 * each readiness wait passed, and whatever an engine marks itself (a view made, a session opened).
 * One worker process starts one engine, so the marks are the process's; the agent takes them with
 * the start's acknowledgement, StartEngine keeps them in the history record (`engineStartup`), and
 * `npm run bench -- startup` draws them as a timeline.
 */

export interface StartupMark {
  label: string;
  /** Epoch ms. */
  at: number;
}

let marks: StartupMark[] = [];

export function markStartup(label: string, at = Date.now()): void {
  marks.push({ label, at });
}

/** The marks since the last take, oldest first; the list starts again empty. */
export function takeStartupMarks(): StartupMark[] {
  const taken = marks;
  marks = [];
  return taken;
}
