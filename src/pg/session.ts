/**
 * One client connection: the handshake (TLS and SCRAM when configured), then one message at a
 * time — a simple Query, or the extended protocol's Parse/Bind/Describe/Execute (extended.ts). A
 * query becomes one metaq execution; its rows go out a chunk at a time, waiting for the socket to
 * drain, so a slow client holds no more than a chunk in memory. A client that goes away mid-query
 * stops its execution, which tears its workers down.
 */
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import type { DuckDBInstance } from '@duckdb/node-api';
import { engineNames, engineTraits } from '../engines/registry';
import type { Executions } from '../serve/executions';
import { answerLocally } from './answers';
import type { CancelKey, CancelKeys } from './cancel-keys';
import { catalogAnswer } from './catalog';
import { NotSupported } from './errors';
import { type StatementRun, startStatement } from './execute';
import { ExtendedProtocol } from './extended';
import { FrameReader, type Packet, queryText } from './frames';
import { Handshake } from './handshake';
import { authenticationOk, backendKeyData, errorResponse, parameterStatus, readyForQuery } from './messages';
import { localOutcome, type Outcome, rowsOutcome, type Sink } from './outcome';
import { type BoundValue, bindParameters } from './parameters';
import { openResultRows, rowsOf } from './result-rows';
import type { ScramVerifier } from './scram';
import { reportedParameters, SessionSettings } from './settings';
import { errorFields } from './sqlstate';
import { classify, leadingOptions } from './statements';

export interface SessionContext {
  executions: Executions;
  /** Present: SSLRequest is accepted and the session goes on in TLS. */
  tls?: SecureContext;
  /** Absent: no authentication (the server then listens on loopback only). */
  verifier?: ScramVerifier;
  duckdb: () => Promise<DuckDBInstance>;
  /** The keys of this server's sessions, for CancelRequest. */
  cancelKeys: CancelKeys;
  /** Where result files are copied to while they are read. */
  scratch: string;
  metaqVersion: string;
  log: (line: string) => void;
}

/** Messages of the extended protocol; after an error they are skipped until Sync, as PostgreSQL does. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

export class PgSession {
  private readonly reader = new FrameReader();
  private readonly handshake: Handshake;
  private settings?: SessionSettings;
  /** Between BEGIN and COMMIT: 'T', or 'E' once a statement in it has failed. */
  private transaction: 'I' | 'T' | 'E' = 'I';
  private skippingToSync = false;
  private running?: StatementRun;
  private cancelKey?: CancelKey;
  private work: Promise<void> = Promise.resolve();
  private readonly extended: ExtendedProtocol;
  readonly sink: Sink;

  constructor(
    private socket: Socket,
    private readonly context: SessionContext,
  ) {
    this.handshake = new Handshake(context.verifier, context.tls !== undefined);
    const isClosed = () => this.socket.destroyed;
    this.sink = {
      send: (message) => this.sendAndDrain(message),
      get closed() {
        return isClosed();
      },
    };
    this.extended = new ExtendedProtocol({
      outcome: (text) => this.outcome(text),
      bind: (text, values, types) => this.bind(text, values, types),
      send: (message) => this.send(message),
      sink: this.sink,
    });
    socket.on('data', this.receive);
    socket.on('close', () => {
      if (this.cancelKey) context.cancelKeys.remove(this.cancelKey);
      // Open portals hold a result's scratch copy and a DuckDB connection.
      this.extended.sync().catch(() => undefined);
      this.running?.stop('ClientDisconnected', 'the PostgreSQL client disconnected').catch(() => undefined);
    });
    socket.on('error', () => undefined);
  }

  private readonly receive = (chunk: Buffer): void => {
    let packets: Packet[];
    try {
      packets = this.reader.push(chunk);
    } catch (error) {
      this.fail(error);
      return;
    }
    // One message at a time, in order: a query's rows are all sent before the next message is read.
    for (const packet of packets)
      this.work = this.work.then(() => this.handle(packet)).catch((error) => this.fail(error));
  };

  private async handle(packet: Packet): Promise<void> {
    if (this.socket.destroyed) return;
    if (!this.settings) return this.handshakeStep(packet);
    if (packet.kind !== 'message') return;
    if (packet.type === 'X') {
      this.socket.end();
    } else if (packet.type === 'Q') {
      await this.query(queryText(packet.body));
      this.send(readyForQuery(this.transaction));
    } else if (packet.type === 'S') {
      this.skippingToSync = false;
      await this.extended.sync();
      this.send(readyForQuery(this.transaction));
    } else if (EXTENDED.has(packet.type)) {
      if (this.skippingToSync) return;
      try {
        await this.extended.handle(packet.type, packet.body);
      } catch (error) {
        if ((error as Error)?.name === 'ProtocolViolation') throw error;
        this.sendError(error);
        this.skippingToSync = true;
      }
    } else {
      this.sendError(new NotSupported(`message type "${packet.type}" is not supported`));
      this.send(readyForQuery(this.transaction));
    }
  }

  private handshakeStep(packet: Packet): void {
    const step = this.handshake.step(packet);
    for (const reply of step.reply) this.send(reply);
    if (step.cancel) this.context.cancelKeys.cancel(step.cancel);
    if (step.close) this.socket.end();
    if (step.startTls) this.startTls();
    if (!step.authenticated) return;
    const defaults = reportedParameters(step.authenticated.user, step.authenticated.application_name);
    this.settings = new SessionSettings(defaults);
    this.send(authenticationOk());
    for (const [name, value] of Object.entries(defaults)) this.send(parameterStatus(name, value));
    this.cancelKey = this.context.cancelKeys.add(this);
    this.send(backendKeyData(this.cancelKey.pid, this.cancelKey.secret));
    this.send(readyForQuery('I'));
  }

  /** From here on the connection is TLS: the same session reads and writes through it. */
  private startTls(): void {
    const plain = this.socket;
    plain.off('data', this.receive);
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.context.tls });
    secure.on('data', this.receive);
    secure.on('error', () => plain.destroy());
    this.socket = secure;
  }

  /** CancelRequest with this session's key: stop the running query (it answers 57014). */
  cancel(): void {
    this.running?.stop('Cancelled', 'cancelled by the client (CancelRequest)').catch(() => undefined);
  }

  /** A simple Query: its whole answer at once, or an ErrorResponse. */
  private async query(text: string): Promise<void> {
    let outcome: Outcome | undefined;
    try {
      outcome = await this.outcome(text);
      if (outcome.hasRows) this.send(outcome.description());
      await outcome.send(this.sink);
    } catch (error) {
      this.sendError(error);
    } finally {
      await outcome?.close();
    }
  }

  /** What a statement answers: made here, from the catalog, or the rows of one metaq execution. */
  async outcome(text: string): Promise<Outcome> {
    const settings = this.settings as SessionSettings;
    const statement = classify(text);
    if (statement.kind === 'catalog')
      return rowsOutcome(rowsOf(await catalogAnswer(text, this.handshake.user)));
    if (statement.kind !== 'query') {
      // A failed transaction block ends as PostgreSQL reports it: COMMIT answers ROLLBACK.
      const ended =
        statement.kind === 'transaction' && statement.tag === 'COMMIT' && this.transaction === 'E';
      const messages = answerLocally(
        ended ? { kind: 'transaction', tag: 'ROLLBACK' } : statement,
        settings,
        this.context.metaqVersion,
      );
      if (statement.kind === 'transaction') this.transaction = statement.tag === 'BEGIN' ? 'T' : 'I';
      return localOutcome(messages);
    }
    return this.runStatement({
      sql: statement.sql,
      ...settings.inputFields(statement.options),
      output: { format: 'parquet' },
      tags: { client: 'postgresql', user: this.handshake.user },
    });
  }

  /** The extended protocol's parameters as literals, quoted for the engine the statement names. */
  bind(text: string, values: BoundValue[], types: number[]): string {
    const { options } = leadingOptions(text);
    const engine = (this.settings as SessionSettings).inputFields(options).engine;
    const known = engineNames.find((name) => name === engine);
    const dialect = known ? engineTraits(known).sql : undefined;
    return bindParameters(text, values, types, dialect);
  }

  private async runStatement(input: Record<string, unknown>): Promise<Outcome> {
    this.running = await startStatement(this.context.executions, input);
    const report = await this.running.report.finally(() => {
      this.running = undefined;
    });
    this.context.log(`pg: ${this.handshake.user}: ${report.queryId} ${report.status}`);
    if (report.status !== 'SUCCEEDED' || !report.result) {
      const error = report.error ?? { name: 'ExecutionFailed', message: `the query ended ${report.status}` };
      throw Object.assign(new Error(error.message), { name: error.name });
    }
    const rows = await openResultRows(await this.context.duckdb(), report.result, this.context.scratch);
    return rowsOutcome(rows);
  }

  private send(message: Buffer): boolean {
    return this.socket.destroyed ? false : this.socket.write(message);
  }

  private async sendAndDrain(message: Buffer): Promise<void> {
    if (this.send(message) || this.socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done).off('close', done);
        resolve();
      };
      this.socket.on('drain', done).on('close', done);
    });
  }

  /**
   * Every statement runs on its own, so nothing is undone; but a client in a transaction block is
   * told it failed ('E'), as it would be by PostgreSQL, and the next statements still run.
   */
  private sendError(error: unknown): void {
    if (this.transaction === 'T') this.transaction = 'E';
    this.send(errorResponse(errorFields(asNamed(error))));
  }

  /** Before authentication, or a broken stream: FATAL, and the connection is closed. */
  private fail(error: unknown): void {
    if (this.settings && (error as Error)?.name !== 'ProtocolViolation') {
      this.sendError(error);
      this.send(readyForQuery(this.transaction));
      return;
    }
    const fields = errorFields(asNamed(error), 'FATAL');
    if ((error as Error)?.name === 'AuthenticationFailed')
      fields.message = `password authentication failed for user "${this.handshake.user}"`;
    this.send(errorResponse(fields));
    this.socket.end();
    this.context.log(`pg: connection closed: ${asNamed(error).name}: ${asNamed(error).message}`);
  }
}

function asNamed(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
