/**
 * Fault injection for tests and benchmarks: METAQ_CHAOS="<worker-index>:<fault>[=<ms>],...".
 * Faults: delay-ready=<ms>, crash-on-start, crash-on-run, hang-on-run.
 */
export interface Faults {
  delayReadyMs?: number;
  crashOnStart?: boolean;
  crashOnRun?: boolean;
  hangOnRun?: boolean;
}

export class InvalidChaos extends Error {
  override name = 'InvalidChaos' as const;
}

const pattern = /^(\d+):(delay-ready|crash-on-start|crash-on-run|hang-on-run)(?:=(\d+))?$/;

export function parseChaos(spec: string | undefined): Map<number, Faults> {
  const faults = new Map<number, Faults>();
  for (const part of (spec ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)) {
    const match = pattern.exec(part);
    if (!match || (match[2] === 'delay-ready') !== (match[3] !== undefined)) {
      throw new InvalidChaos(
        `METAQ_CHAOS: cannot read "${part}"; write <worker-index>:<fault>, faults delay-ready=<ms>, crash-on-start, crash-on-run, hang-on-run`,
      );
    }
    const index = Number(match[1]);
    const worker = faults.get(index) ?? {};
    if (match[2] === 'delay-ready') worker.delayReadyMs = Number(match[3]);
    if (match[2] === 'crash-on-start') worker.crashOnStart = true;
    if (match[2] === 'crash-on-run') worker.crashOnRun = true;
    if (match[2] === 'hang-on-run') worker.hangOnRun = true;
    faults.set(index, worker);
  }
  return faults;
}
