/**
 * The extended query protocol that drivers use (node-postgres, psycopg, pgJDBC): Parse names a
 * statement, Bind gives its parameters and makes a portal, Describe and Execute answer it, Sync
 * ends the batch. A portal's query runs (one metaq execution) at its first Describe or Execute;
 * metaq learns a query's columns only by running it, so Describe of a prepared statement — before
 * any parameters — cannot tell its rows and says so. Every portal closes at Sync: metaq runs no
 * transactions, so each Sync ends one.
 */
import { InvalidParameter, NotSupported, UnknownPrepared } from './errors';
import { bindMessage, executeMessage, parseMessage, targetMessage } from './extended-frames';
import {
  bindComplete,
  closeComplete,
  noData,
  parameterDescription,
  parseComplete,
  rowDescription,
} from './messages';
import type { Outcome, ResultFormats, Sink } from './outcome';
import type { BoundValue } from './parameters';
import { PG } from './pg-types';
import { classify } from './statements';

/** What the extended protocol needs of its session. */
export interface ExtendedHost {
  /** The statement's answer: a local one, or the rows of the metaq execution it runs. */
  outcome(text: string): Promise<Outcome>;
  /** The text with its parameters put in as literals, quoted for the engine it will run on. */
  bind(text: string, values: BoundValue[], types: number[]): string;
  send(message: Buffer): void;
  readonly sink: Sink;
}

interface Prepared {
  query: string;
  parameterTypes: number[];
}

interface Portal {
  text: string;
  resultFormats: ResultFormats;
  outcome?: Outcome;
  done?: boolean;
}

export class ExtendedProtocol {
  private readonly statements = new Map<string, Prepared>();
  private readonly portals = new Map<string, Portal>();

  constructor(private readonly host: ExtendedHost) {}

  /** One message of the extended protocol (not Sync); throws to start skipping to Sync. */
  async handle(type: string, body: Buffer): Promise<void> {
    switch (type) {
      case 'P':
        return this.parse(body);
      case 'B':
        return this.bind(body);
      case 'D':
        return this.describe(body);
      case 'E':
        return this.execute(body);
      case 'C':
        return this.close(body);
      case 'H': // Flush: every message is written as soon as it is made.
        return;
    }
  }

  /** Sync: the implicit transaction ends, and its portals with it. */
  async sync(): Promise<void> {
    const portals = [...this.portals.values()];
    this.portals.clear();
    await Promise.all(portals.map((portal) => portal.outcome?.close()));
  }

  private parse(body: Buffer): void {
    const message = parseMessage(body);
    if (message.statement !== '' && this.statements.has(message.statement))
      throw new InvalidParameter(
        `prepared statement "${message.statement}" already exists: Close it first, or use another name`,
      );
    this.statements.set(message.statement, { query: message.query, parameterTypes: message.parameterTypes });
    this.host.send(parseComplete());
  }

  private bind(body: Buffer): void {
    const message = bindMessage(body);
    const prepared = this.statement(message.statement);
    const text = this.host.bind(prepared.query, message.values, prepared.parameterTypes);
    this.portals.set(message.portal, { text, resultFormats: message.resultFormats });
    this.host.send(bindComplete());
  }

  private async describe(body: Buffer): Promise<void> {
    const { target, name } = targetMessage(body, 'a Describe');
    if (target === 'P') {
      const portal = this.portal(name);
      portal.outcome ??= await this.host.outcome(portal.text);
      this.host.send(portal.outcome.description(portal.resultFormats));
      return;
    }
    const prepared = this.statement(name);
    const description = statementDescription(prepared.query);
    this.host.send(parameterDescription(parameterTypes(prepared)));
    this.host.send(description);
  }

  private async execute(body: Buffer): Promise<void> {
    const { portal: name, maxRows } = executeMessage(body);
    const portal = this.portal(name);
    if (portal.done) throw new NotSupported(`portal "${name}" has sent all its rows: Bind it again`);
    portal.outcome ??= await this.host.outcome(portal.text);
    portal.done = await portal.outcome.send(this.host.sink, maxRows, portal.resultFormats);
  }

  private async close(body: Buffer): Promise<void> {
    const { target, name } = targetMessage(body, 'a Close');
    if (target === 'S') this.statements.delete(name);
    else {
      await this.portals.get(name)?.outcome?.close();
      this.portals.delete(name);
    }
    this.host.send(closeComplete());
  }

  private statement(name: string): Prepared {
    const prepared = this.statements.get(name);
    if (!prepared)
      throw new UnknownPrepared(
        `prepared statement "${name}" does not exist: Parse it before Bind or Describe`,
      );
    return prepared;
  }

  private portal(name: string): Portal {
    const portal = this.portals.get(name);
    if (!portal)
      throw new UnknownPrepared(`portal "${name}" does not exist: Bind it before Describe or Execute`);
    return portal;
  }
}

/** The declared types, with one for every `$n` the text uses; unspecified ones are text. */
function parameterTypes(prepared: Prepared): number[] {
  const used = [...prepared.query.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
  const count = Math.max(prepared.parameterTypes.length, ...used, 0);
  return Array.from({ length: count }, (_, i) => prepared.parameterTypes[i] || PG.text.oid);
}

/** Rows of a statement known before it runs: SHOW and version() give one text column. */
function statementDescription(query: string): Buffer {
  const statement = classify(query);
  const text = (name: string) => rowDescription([{ name, typeOid: PG.text.oid, typeSize: PG.text.size }]);
  if (statement.kind === 'show') return text(statement.name);
  if (statement.kind === 'version') return text('version');
  if (statement.kind === 'query' || statement.kind === 'catalog')
    throw new NotSupported(
      "Describe of a prepared statement cannot tell a query's columns: metaq learns them by running the query. Describe the portal after Bind instead (pgJDBC: prepareThreshold=0)",
    );
  return noData();
}
