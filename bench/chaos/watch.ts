/**
 * A running query seen from outside, as its history record and session items tell it: read from the
 * DynamoDB of the metaq process that runs it (`metaq serve` publishes its endpoint; `metaq query`
 * hands it to its workers, so it is in their environment).
 */
import { resetClients } from '../../src/aws/clients';
import { getRecord } from '../../src/history/store';
import type { QueryRecord } from '../../src/history/types';
import { localEnvironment } from '../../src/local/runtime';
import { environmentOf, queryProcesses } from '../../src/session/query-processes';
import { listWorkers } from '../../src/session/store';
import { RUN_SEQ } from '../../src/session/submit';
import type { WorkerItem } from '../../src/session/types';
import type { Moment } from './scenario';

export interface Snapshot {
  record?: QueryRecord;
  workers: WorkerItem[];
}

export interface Endpoints {
  dynamo: string;
  s3: string;
}

/** Points this process's AWS clients at a metaq runtime's local DynamoDB and S3. */
export function useEndpoints(endpoints: Endpoints, home: string): void {
  Object.assign(process.env, localEnvironment(endpoints.dynamo, endpoints.s3, home));
  resetClients();
}

/** The endpoints a query's workers were given, once one of its processes is up. */
export function endpointsOf(queryId: string): Endpoints | undefined {
  for (const pid of queryProcesses(queryId)) {
    const environment = environmentOf(pid);
    const value = (name: string) =>
      environment.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
    const dynamo = value('AWS_ENDPOINT_URL_DYNAMODB');
    const s3 = value('AWS_ENDPOINT_URL_S3');
    if (dynamo && s3) return { dynamo, s3 };
  }
  return undefined;
}

export class QueryWatch {
  private connected = false;
  latest?: Snapshot;

  constructor(
    readonly queryId: string,
    private readonly home: string,
    private endpoints?: Endpoints,
  ) {}

  /** The record and worker items now; undefined while the runtime cannot be reached. */
  async snapshot(): Promise<Snapshot | undefined> {
    this.endpoints ??= endpointsOf(this.queryId);
    if (!this.endpoints) return undefined;
    if (!this.connected) {
      useEndpoints(this.endpoints, this.home);
      this.connected = true;
    }
    try {
      const [record, workers] = await Promise.all([getRecord(this.queryId), listWorkers(this.queryId)]);
      this.latest = { record, workers };
      return this.latest;
    } catch {
      return undefined; // the runtime is gone (its process was killed) or not up yet
    }
  }
}

/** The head (rank 0) by its launch index, once rendezvous has ranked the members. */
export function headIndex(snapshot: Snapshot | undefined): number | undefined {
  return snapshot?.workers.find((worker) => worker.rank === 0 && worker.admittedAt !== undefined)?.index;
}

/** The head's answer to the query, when it has given it. */
export function headAnsweredAt(workers: WorkerItem[]): number | undefined {
  const head = workers.find((worker) => worker.rank === 0 && worker.admittedAt !== undefined);
  return head?.ack?.seq === RUN_SEQ ? head.ack.at : undefined;
}

/** Whether the query has come to the moment (provision is seen from the process table alone). */
export function reached(moment: Exclude<Moment, 'provision'>, { record, workers }: Snapshot): boolean {
  const starts = record?.phaseStarts ?? {};
  if (moment === 'rendezvous') return starts.rendezvous !== undefined;
  if (moment === 'start') return starts.start !== undefined;
  if (moment === 'run') return starts.query !== undefined;
  // Collect follows the head's answer within one poll of the session table.
  return starts.collect !== undefined || headAnsweredAt(workers) !== undefined;
}
