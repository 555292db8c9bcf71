/**
 * A connection's start: SSLRequest accepted when the server has a certificate (the session then
 * speaks TLS) and refused otherwise — the client goes on in the clear or gives up, as its sslmode
 * says; GSSENCRequest refused; the StartupMessage, then SCRAM-SHA-256 when the server has a
 * password, or no authentication when it listens on loopback only.
 */
import { AuthenticationFailed, NotSupported, ProtocolViolation } from './errors';
import {
  CANCEL_REQUEST,
  cancelKey,
  GSSENC_REQUEST,
  type Packet,
  PROTOCOL_V3,
  SSL_REQUEST,
  saslInitialResponse,
  startupParameters,
} from './frames';
import { authenticationSasl, authenticationSaslContinue, authenticationSaslFinal } from './messages';
import { ScramExchange, type ScramVerifier } from './scram';

/** What a step of the handshake answers: bytes to send, and whether the client may now run queries. */
export interface HandshakeStep {
  reply: Buffer[];
  /** Set once the client is authenticated: its startup parameters. */
  authenticated?: Record<string, string>;
  /** Close the connection after the reply (a CancelRequest is answered by closing it). */
  close?: boolean;
  /** A CancelRequest's key: the session whose query to stop. */
  cancel?: { pid: number; secret: number };
  /** SSLRequest accepted: everything after the reply is TLS. */
  startTls?: boolean;
}

export class Handshake {
  private parameters?: Record<string, string>;
  private exchange?: ScramExchange;
  private sentFirst = false;

  private encrypted = false;

  constructor(
    private readonly verifier: ScramVerifier | undefined,
    private readonly tls: boolean,
  ) {}

  /** The user the client named in its StartupMessage. */
  get user(): string {
    return this.parameters?.user ?? '';
  }

  step(packet: Packet): HandshakeStep {
    if (packet.kind === 'startup') return this.startup(packet.code, packet.body);
    if (packet.type !== 'p' || !this.exchange)
      throw new ProtocolViolation(`expected a password message during authentication, got "${packet.type}"`);
    if (!this.sentFirst) {
      const { mechanism, data } = saslInitialResponse(packet.body);
      if (mechanism !== 'SCRAM-SHA-256')
        throw new AuthenticationFailed(`the SASL mechanism ${mechanism} is not offered: use SCRAM-SHA-256`);
      this.sentFirst = true;
      return { reply: [authenticationSaslContinue(this.exchange.first(data))] };
    }
    const final = this.exchange.final(packet.body.toString('utf8'));
    return { reply: [authenticationSaslFinal(final)], authenticated: this.parameters };
  }

  private startup(code: number, body: Buffer): HandshakeStep {
    if (code === SSL_REQUEST && this.tls && !this.encrypted) {
      this.encrypted = true;
      return { reply: [Buffer.from('S')], startTls: true };
    }
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { reply: [Buffer.from('N')] };
    if (code === CANCEL_REQUEST) return { reply: [], close: true, cancel: cancelKey(body) };
    if (code >> 16 !== PROTOCOL_V3 >> 16)
      throw new NotSupported(
        `protocol version ${code >> 16}.${code & 0xffff} is not supported: metaq speaks 3.0`,
      );
    const parameters = startupParameters(body);
    if (!parameters.user) throw new ProtocolViolation('the startup message names no user');
    this.parameters = parameters;
    if (!this.verifier) return { reply: [], authenticated: parameters };
    this.exchange = new ScramExchange(this.verifier);
    return { reply: [authenticationSasl()] };
  }
}
