/**
 * The worker agent: registers as ready, then polls its own item in the session table for commands
 * and acknowledges each. It exits when dismissed or stopped, when its session is closed or gone,
 * when the control plane cannot be reached, or when its lifetime runs out: it never outlives its
 * session.
 */
import { engine } from '../engines/registry';
import { markStartup, takeStartupMarks } from '../engines/startup-marks';
import type { EngineContext, RunningEngine } from '../engines/types';
import type { Overlay } from '../overlay/overlay';
import { overlayWindows } from '../overlay/windows';
import { capPreview } from '../results/preview';
import { type AgentNetwork, type IsolatedPlace, isolatedPlace, joinPeers } from './agent-overlay';
import type { Faults } from './chaos';
import { freePorts } from './ports';
import { acknowledge, getSession, getWorker, heartbeat, registerReady } from './store';
import type { Ack, Command, Member } from './types';

export interface AgentOptions {
  sessionId: string;
  index: number;
  /** Epoch ms after which the worker exits whatever happens. */
  deadline: number;
  address: string;
  workDir: string;
  enginesDir: string;
  startTimeoutMs: number;
  s3: EngineContext['s3'];
  faults: Faults;
  pollMs: number;
  heartbeatMs: number;
  /** Consecutive failed polls after which the control plane counts as gone. */
  maxFailures: number;
  log: (message: string) => void;
  /** Set when the platform isolates the worker: it then reaches its peers through the overlay. */
  network?: AgentNetwork;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runAgent(options: AgentOptions): Promise<string> {
  const { sessionId, index, faults, log } = options;
  if (faults.delayReadyMs) await sleep(faults.delayReadyMs);
  // The session (made at Provision, before any worker) says which engine, so how many ports.
  const session = await getSession(sessionId);
  if (!session) return 'session gone';
  const portCount = engine(session.plan.engine).traits.portsPerWorker;
  const place = options.network && (await isolatedPlace(options.network, index, portCount));
  const address = place?.address ?? options.address;
  const ports = place?.ports ?? (await freePorts(portCount, options.address));
  const worker = new WorkerAgent(options, place);
  try {
    if (!(await registerReady(sessionId, index, address, ports, Date.now(), place?.observation.public)))
      return 'dismissed before ready';
    const seen = place
      ? ` (public ${place.observation.public.address}:${place.observation.public.port})`
      : '';
    log(`ready at ${address}${seen}, ports ${ports.join(',')}`);
    return await worker.loop();
  } finally {
    await worker.stopEngine();
    await worker.leaveOverlay();
  }
}

class WorkerAgent {
  private handled = 0;
  private rank = 0;
  private engine?: RunningEngine;
  private overlay?: Overlay;
  private failures = 0;
  private lastHeartbeat = Date.now();
  private lastSessionCheck = Date.now();

  constructor(
    private readonly options: AgentOptions,
    private readonly place?: IsolatedPlace,
  ) {}

  async loop(): Promise<string> {
    const { sessionId, index } = this.options;
    while (Date.now() < this.options.deadline) {
      const item = await this.poll(sessionId, index);
      if (item === undefined && this.failures >= this.options.maxFailures) return 'control plane unreachable';
      if (item === 'gone') return 'session gone';
      if (item?.state === 'dismissed' || item?.state === 'stopped') return item.state;
      if (item?.command && item.command.seq > this.handled) {
        this.handled = item.command.seq;
        void this.handle(item.command);
      }
      if (await this.sessionClosed()) return 'session closed';
      await this.beat();
      await sleep(this.options.pollMs);
    }
    return 'lifetime over';
  }

  /** The worker's item, 'gone' when it no longer exists, undefined when the table cannot be reached. */
  private async poll(sessionId: string, index: number) {
    try {
      const item = await getWorker(sessionId, index);
      this.failures = 0;
      return item ?? 'gone';
    } catch {
      this.failures++;
      return undefined;
    }
  }

  async stopEngine(): Promise<void> {
    await this.engine?.stop().catch((error) => this.options.log(`engine stop failed: ${error}`));
  }

  /** Every listener, stream and transport of the overlay, and the reflector connection. */
  async leaveOverlay(): Promise<void> {
    if (this.overlay)
      await this.overlay.close().catch((error) => this.options.log(`overlay close failed: ${error}`));
    this.place?.observation.socket.destroy();
  }

  private async beat(): Promise<void> {
    if (Date.now() - this.lastHeartbeat < this.options.heartbeatMs) return;
    this.lastHeartbeat = Date.now();
    await heartbeat(this.options.sessionId, this.options.index, this.lastHeartbeat).catch(() => undefined);
  }

  private async sessionClosed(): Promise<boolean> {
    if (Date.now() - this.lastSessionCheck < 5 * this.options.heartbeatMs) return false;
    this.lastSessionCheck = Date.now();
    const session = await getSession(this.options.sessionId).catch(() => null);
    return session === undefined || session?.status === 'closed';
  }

  private async handle(command: Command): Promise<void> {
    const { faults, log } = this.options;
    log(`command ${command.seq}: ${command.kind}`);
    let ack: Ack;
    try {
      if (command.kind === 'start') {
        if (faults.crashOnStart) crash('crash-on-start');
        markStartup('start command', Date.now());
        const transports = await this.start(command.members, command.rank, command.punchDeadline);
        ack = { seq: command.seq, ok: true, at: Date.now(), startup: takeStartupMarks(), transports };
      } else {
        if (faults.crashOnRun) crash('crash-on-run');
        if (faults.hangOnRun) return log('hang-on-run: never answering');
        if (!this.engine) throw new Error('run before start: the engine is not running');
        // Every member hears of the query (so a fault can strike any of them); the head runs it.
        const task = { sql: command.sql, output: command.output, previewRows: command.previewRows };
        const result = this.rank === 0 ? capPreview(await this.engine.run(task)) : undefined;
        ack = { seq: command.seq, ok: true, at: Date.now(), result };
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      log(`command ${command.seq} failed: ${failure.name}: ${failure.message}`);
      ack = {
        seq: command.seq,
        ok: false,
        at: Date.now(),
        error: { name: failure.name, message: failure.message },
      };
    }
    try {
      await acknowledge(this.options.sessionId, this.options.index, ack);
    } catch (error) {
      // The answer could not be written (a result too large for the item, say): the handler
      // waiting for it hears that, rather than a silence it would read as a lost worker.
      log(`command ${command.seq}: acknowledging failed: ${error}`);
      const failure = {
        name: 'AcknowledgeFailed',
        message: `the worker could not report its answer: ${error}`,
      };
      await acknowledge(this.options.sessionId, this.options.index, {
        ...ack,
        ok: false,
        result: undefined,
        error: failure,
      });
    }
    log(`command ${command.seq} acknowledged`);
  }

  /** Starts the engine, after the overlay when isolated: how each peer is reached, then. */
  private async start(members: Member[], rank: number, punchDeadline?: number) {
    const session = await getSession(this.options.sessionId);
    if (!session) throw new Error(`session ${this.options.sessionId} is gone`);
    this.rank = rank;
    const { network, sessionId, log } = this.options;
    if (network && this.place) {
      const { punchMs, relayMs } = overlayWindows(session.plan.limits.rendezvousSeconds);
      this.overlay = await joinPeers(network, sessionId, this.place, members[rank], members, {
        punchDeadline: punchDeadline ?? Date.now() + punchMs,
        relayMs,
      });
      log(`overlay: ${JSON.stringify(this.overlay.transports)}`);
    }
    this.engine = await engine(session.plan.engine).start({
      plan: session.plan,
      member: members[rank],
      members,
      workDir: this.options.workDir,
      enginesDir: this.options.enginesDir,
      startTimeoutMs: this.options.startTimeoutMs,
      s3: this.options.s3,
    });
    return this.overlay?.transports;
  }
}

function crash(fault: string): never {
  process.stderr.write(`METAQ_CHAOS ${fault}: exiting\n`);
  process.exit(70);
}
