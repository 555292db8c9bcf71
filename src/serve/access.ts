/**
 * Who may talk to `metaq serve`. On loopback anyone on this machine may, as with any local
 * developer server; a browser page from elsewhere may not (the Host header must name loopback,
 * which defeats DNS rebinding). Started with `--token`, every request must carry the token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AccessDenied } from './errors';

export const TOKEN_COOKIE = 'metaq_token';
const loopbackNames = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

export class HostNotAllowed extends Error {
  override name = 'HostNotAllowed' as const;
}

export function isLoopback(host: string): boolean {
  return loopbackNames.test(host);
}

/** A host other than loopback needs a token; the caller prints the warning. */
export function hostPolicy(host: string, token: string | undefined): { warning?: string } {
  if (isLoopback(host)) return {};
  if (!token)
    throw new HostNotAllowed(
      `--host ${host} makes metaq serve reachable from other machines: pass --token <secret> too, which every request must then carry`,
    );
  return {
    warning: `metaq serve listens on ${host}, reachable from other machines; every request must carry the token (plain HTTP: use it on a network you trust)`,
  };
}

/**
 * The token a request carries: `Authorization: Bearer <token>`, an `X-Metaq-Token` header, the
 * console's cookie, a `?token=` in the URL (to open the console), or, for the AWS CLI and SDKs,
 * which sign their requests, the token as the access key id.
 */
export function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const authorization = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const accessKey = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  const header = request.headers['x-metaq-token'];
  const cookie = /(?:^|;\s*)metaq_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  return (
    bearer ??
    (typeof header === 'string' ? header : undefined) ??
    (cookie ? decodeURIComponent(cookie) : undefined) ??
    url.searchParams.get('token') ??
    accessKey
  );
}

/** The path alone: a query string may hold the token, which is never logged. */
const pathOf = (request: IncomingMessage) => new URL(request.url ?? '/', 'http://localhost').pathname;

/** Refused as access is: 403, AccessDeniedException; the server also logs it. */
export class CrossSiteRequest extends AccessDenied {}

/**
 * A browser says where a request comes from (Sec-Fetch-Site, Origin); a page of another site may
 * not start, stop or read anything here, whatever it sends. (CORS already keeps it from reading
 * answers and from sending the X-Amz-Target header; this refuses the request itself.) The AWS CLI,
 * the SDKs and curl send neither header.
 */
export function checkOrigin(request: IncomingMessage): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    throw new CrossSiteRequest(`a request from another site (Sec-Fetch-Site: ${site}) to ${pathOf(request)}`);
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host = '';
  try {
    host = new URL(origin).host;
  } catch {
    // Origin: null (a sandboxed or file page) names no host: refused below.
  }
  if (!host || host !== request.headers.host)
    throw new CrossSiteRequest(`a request from another origin (${origin}) to ${pathOf(request)}`);
}

export function checkAccess(request: IncomingMessage, url: URL, token: string | undefined): void {
  checkOrigin(request);
  if (token) {
    const given = tokenOf(request, url);
    if (!given) throw new AccessDenied('this server needs its token (started with --token)', 401);
    if (!sameSecret(given, token)) throw new AccessDenied("the token is not this server's");
    return;
  }
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  if (!isLoopback(host)) throw new AccessDenied(`requests must be addressed to loopback, not ${host}`);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
