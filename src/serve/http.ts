/**
 * The one HTTP server of `metaq serve`: the Step Functions JSON protocol (POST with an
 * X-Amz-Target header, as the AWS SDKs and CLI send it), the console's JSON, result downloads and
 * the console itself.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CrossSiteRequest, checkAccess, TOKEN_COOKIE } from './access';
import { asset } from './assets';
import {
  type ConsoleContext,
  executionPage,
  executionRows,
  infoPage,
  schedulesPage,
  tablesPage,
} from './console-api';
import { sendResultFile } from './downloads';
import { isSfnError, SerializationException, ValidationException } from './errors';
import { callOperation, type Operation } from './sfn-api';

const MAX_BODY_BYTES = 1024 * 1024;
const AMZ_JSON = 'application/x-amz-json-1.0';

export interface HttpContext extends ConsoleContext {
  operations: Record<string, Operation>;
  token?: string;
  home: string;
  log: (line: string) => void;
}

export function createHttpServer(context: HttpContext): Server {
  return createServer((request, response) => {
    handle(context, request, response).catch((error) => answerError(context, response, error));
  });
}

async function handle(context: HttpContext, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  checkAccess(request, url, context.token);
  const target = request.headers['x-amz-target'];
  if (request.method === 'POST' && typeof target === 'string') {
    // What the AWS SDKs and CLI send; a form or a browser's simple request cannot.
    if (!/^application\/x-amz-json-1\.[01]\b/.test(request.headers['content-type'] ?? ''))
      throw new SerializationException(
        `the body must be ${AMZ_JSON}, not ${request.headers['content-type'] ?? 'untyped'}`,
      );
    const body = await readJson(request);
    const result = await callOperation(context.operations, target, body);
    return send(response, 200, AMZ_JSON, JSON.stringify(result));
  }
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return sendJson(response, 405, { message: `${request.method} is not served here` });
  const path = url.pathname;
  if (path === '/health') return sendJson(response, 200, { ok: true, home: context.home, pid: process.pid });
  if (path === '/api/info') return sendJson(response, 200, infoPage(context));
  if (path === '/api/executions') {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
    return sendJson(response, 200, { executions: await executionRows(context, limit) });
  }
  const one = /^\/api\/executions\/([^/]+)$/.exec(path);
  if (one) return sendJson(response, 200, await executionPage(context, decoded(one[1])));
  if (path === '/api/tables') return sendJson(response, 200, await tablesPage());
  if (path === '/api/schedules') return sendJson(response, 200, await schedulesPage(context));
  const result = /^\/results\/([^/]+)\/([^/]+)$/.exec(path);
  if (result && (await sendResultFile(decoded(result[1]), decoded(result[2]), response))) return;
  const file = await asset(path);
  if (file) {
    // Opened as /?token=...: keep the token in a cookie so the page's own requests carry it.
    const given = url.searchParams.get('token');
    const cookie: Record<string, string> =
      context.token && given
        ? { 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(given)}; HttpOnly; SameSite=Strict; Path=/` }
        : {};
    // The console loads nothing from elsewhere: no CDN, no inline script.
    return send(response, 200, file.type, file.body, {
      ...cookie,
      'content-security-policy': "default-src 'self'",
    });
  }
  return sendJson(response, 404, { message: `nothing at ${path}` });
}

/** A part of the path, decoded: bad percent-encoding is the caller's mistake (400), not ours (500). */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ValidationException(`the path is not valid percent-encoded UTF-8: ${part}`);
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SerializationException(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // Answered below, as AWS answers a body it cannot read.
  }
  throw new SerializationException('the request body is not a JSON object');
}

function answerError(context: HttpContext, response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy(error as Error);
    return;
  }
  if (error instanceof CrossSiteRequest) context.log(`refused: ${error.message}`);
  if (isSfnError(error)) {
    send(response, error.status, AMZ_JSON, JSON.stringify({ __type: error.name, message: error.message }), {
      'x-amzn-errortype': error.name,
    });
    return;
  }
  // A name the API does not know is still an error of ours, not the caller's.
  context.log(`internal error: ${error instanceof Error ? error.stack : error}`);
  const name = error instanceof Error && error.name !== 'Error' ? error.name : 'InternalFailure';
  const message = error instanceof Error ? error.message : String(error);
  send(response, 500, AMZ_JSON, JSON.stringify({ __type: name, message }), { 'x-amzn-errortype': name });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json', JSON.stringify(value));
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(body);
}
