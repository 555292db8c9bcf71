/**
 * The payload that flows through `statemachines/query.asl.json`: the user's input, and one slot per
 * state (its ResultPath). It stays small: results never travel through it, only their location and
 * a preview.
 */
import type { QueryOutcome } from './engines/types';
import type { Plan } from './plan/types';
import type { Member } from './session/types';

export interface ProvisionOutput {
  launchedAt: number;
  launched: number;
}

export interface RendezvousOutput {
  members: Member[];
  dismissed: number[];
}

/** The outcome itself stays in the head's item, where Collect reads it: the state carries it once. */
export interface SubmitOutput {
  finished: boolean;
}

export interface ResultSummary {
  location: string;
  format: Plan['output']['format'];
  rows: number;
  bytes: number;
  files: string[];
  manifest: string;
  columns: QueryOutcome['columns'];
  preview: QueryOutcome['preview'];
  previewNote?: string;
}

/** What a Catch puts in `$.error`: on AWS the Cause of a Lambda error is a JSON document. */
export interface CaughtError {
  Error: string;
  Cause?: string;
}

export interface QueryState {
  plan: Plan;
  session: ProvisionOutput;
  members: RendezvousOutput;
  run?: SubmitOutput;
  result?: ResultSummary;
  error?: CaughtError;
}
