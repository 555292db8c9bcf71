/**
 * SCRAM-SHA-256 on the server side (RFC 5802, RFC 7677), as PostgreSQL does it: the password never
 * crosses the wire, and the client checks that the server knew it too. The verifier is derived
 * once from METAQ_PG_PASSWORD when the server starts; each connection runs one exchange.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthenticationFailed } from './errors';

/** PostgreSQL's default (scram_iterations). */
const ITERATIONS = 4096;

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

export function scramVerifier(
  password: string,
  salt = randomBytes(16),
  iterations = ITERATIONS,
): ScramVerifier {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  return {
    salt,
    iterations,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** `a=1,b=2` into its attributes. */
function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) found.set(part.slice(0, at), part.slice(at + 1));
  }
  return found;
}

/** One exchange: the client's first message, then its final one. */
export class ScramExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';

  constructor(
    private readonly verifier: ScramVerifier,
    private readonly serverNonce = randomBytes(18).toString('base64'),
  ) {}

  /** client-first-message → server-first-message. */
  first(clientFirst: string): string {
    const match = /^([ny]),([^,]*),(.*)$/.exec(clientFirst);
    // 'p' asks for channel binding (SCRAM-SHA-256-PLUS), which metaq does not offer.
    if (!match)
      throw new AuthenticationFailed(
        'SCRAM: the client asked for channel binding or sent a malformed message',
      );
    this.gs2Header = `${match[1]},${match[2]},`;
    this.clientFirstBare = match[3];
    const clientNonce = attributes(this.clientFirstBare).get('r');
    if (!clientNonce) throw new AuthenticationFailed('SCRAM: the client sent no nonce');
    this.nonce = clientNonce + this.serverNonce;
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /** client-final-message → server-final-message, or AuthenticationFailed for a wrong password. */
  final(clientFinal: string): string {
    const parts = attributes(clientFinal);
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt === -1 || parts.get('r') !== this.nonce)
      throw new AuthenticationFailed('SCRAM: the final message does not continue this exchange');
    if (parts.get('c') !== Buffer.from(this.gs2Header).toString('base64'))
      throw new AuthenticationFailed('SCRAM: the channel binding does not match the first message');
    const withoutProof = clientFinal.slice(0, proofAt);
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const proof = Buffer.from(parts.get('p') ?? '', 'base64');
    const signature = hmac(this.verifier.storedKey, authMessage);
    if (proof.length !== signature.length) throw new AuthenticationFailed('password authentication failed');
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ signature[i]));
    if (!timingSafeEqual(sha256(clientKey), this.verifier.storedKey))
      throw new AuthenticationFailed('password authentication failed');
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}
