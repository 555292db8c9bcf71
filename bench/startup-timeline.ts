/**
 * One cold run's startup as milestones, each in ms since Provision started: the workers launched and
 * ready, the rendezvous over, what the head's engine start marked (each process spawned, each wait
 * passed), every member's engine ready, the query over. Labels lose their addresses and ports, so
 * that the runs of one engine line up and their medians can be taken milestone by milestone.
 */
import type { QueryRecord } from '../src/history/types';
import { median } from './summary';

export interface Milestone {
  label: string;
  ms: number;
}

export function timelineOf(record: QueryRecord): Milestone[] {
  const origin = record.phaseStarts.provision;
  if (origin === undefined) return [];
  const since = (at: number | undefined) => (at === undefined ? undefined : at - origin);
  const admitted = (record.workerTimeline ?? []).filter((worker) => worker.rank !== undefined);
  const ready = admitted.map((worker) => worker.readyAt).filter((at): at is number => at !== undefined);
  const head = record.engineStartup?.find((member) => member.rank === 0);
  const milestones: { label: string; ms: number | undefined }[] = [
    { label: 'workers launched', ms: since(record.phaseEnds.provision) },
    { label: 'workers ready', ms: ready.length ? since(Math.max(...ready)) : undefined },
    { label: 'rendezvous over', ms: since(record.phaseEnds.rendezvous) },
    ...(head?.marks ?? []).map((mark) => ({ label: `head: ${anonymous(mark.label)}`, ms: since(mark.at) })),
    { label: 'engine ready on every member', ms: since(record.phaseEnds.start) },
    { label: 'query over', ms: since(record.phaseEnds.query) },
  ];
  return milestones.filter((milestone): milestone is Milestone => milestone.ms !== undefined);
}

/** A label without the addresses and ports a run picked: `ZooKeeper at <host> to serve`. */
export function anonymous(label: string): string {
  return label
    .replace(/https?:\/\/[^\s)]+/g, '<url>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<host>')
    .replace(/\blocalhost:\d+\b/g, '<host>');
}

/** The median milestone timeline of several runs: each label's median, in the order of the medians. */
export function medianTimeline(timelines: Milestone[][]): Milestone[] {
  const byLabel = new Map<string, number[]>();
  for (const timeline of timelines)
    for (const { label, ms } of timeline) byLabel.set(label, [...(byLabel.get(label) ?? []), ms]);
  return [...byLabel.entries()]
    .filter(([, values]) => values.length * 2 > timelines.length) // in most runs, not a one-off
    .map(([label, values]) => ({ label, ms: median(values) }))
    .sort((a, b) => a.ms - b.ms);
}
