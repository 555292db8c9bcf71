/**
 * What `bench network` measures on one connection, whatever carries it: a sink and an echo server
 * (the "engine"), a fixed-size transfer timed until the sink confirms every byte, and small
 * request/answer round trips. The same code runs for the direct path and through the overlay.
 */
import { once } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Target {
  host: string;
  port: number;
}

const CHUNK = 64 * 1024;

/** Counts what arrives and, once the client half-closes, answers the count and closes. */
export function sinkServer(): net.Server {
  return net.createServer({ allowHalfOpen: true }, (socket) => {
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.on('end', () => socket.end(String(received)));
    socket.on('error', () => socket.destroy());
  });
}

/** Sends back what it gets; no Nagle, as an engine's RPC socket (Netty sets TCP_NODELAY too). */
export function echoServer(): net.Server {
  return net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
}

/**
 * Writes `bytes` to a sink (with backpressure) and half-closes; the time runs from the first byte
 * written to the sink's count, so it includes the last byte's way through and excludes the connect.
 */
export function transfer(to: Target, bytes: number): Promise<number> {
  return naming(to, timedTransfer(to, bytes));
}

async function timedTransfer(to: Target, bytes: number): Promise<number> {
  const socket = net.connect({ host: to.host, port: to.port, allowHalfOpen: true });
  try {
    await once(socket, 'connect');
    const answer = readAll(socket);
    answer.catch(() => undefined); // awaited below; a write failure rejects it first
    const chunk = Buffer.alloc(CHUNK, 0x5a);
    const started = performance.now();
    for (let left = bytes; left > 0; left -= CHUNK) {
      if (!socket.write(left >= CHUNK ? chunk : chunk.subarray(0, left))) await once(socket, 'drain');
    }
    socket.end();
    const count = await answer;
    const ms = performance.now() - started;
    if (Number(count) !== bytes) throw new Error(`the sink received ${count} of ${bytes} bytes`);
    return ms;
  } finally {
    socket.destroy();
  }
}

/**
 * `count` round trips of a `size`-byte message to an echo server on one connection, after
 * `warmUp` untimed ones; each in microseconds.
 */
export function roundTrips(to: Target, count: number, size: number, warmUp = 20): Promise<number[]> {
  return naming(to, timedRoundTrips(to, count, size, warmUp));
}

async function timedRoundTrips(to: Target, count: number, size: number, warmUp: number): Promise<number[]> {
  const socket = net.connect({ host: to.host, port: to.port, noDelay: true });
  try {
    await once(socket, 'connect');
    const message = Buffer.alloc(size, 0x61);
    let missing = 0;
    let waiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const fail = (error: Error) => waiter?.reject(error);
    socket.on('data', (chunk: Buffer) => {
      missing -= chunk.length;
      if (missing <= 0) waiter?.resolve();
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the echo closed the connection')));
    const micros: number[] = [];
    for (let i = 0; i < warmUp + count; i++) {
      const back = new Promise<void>((resolve, reject) => {
        waiter = { resolve, reject };
      });
      const started = process.hrtime.bigint();
      missing += size;
      socket.write(message);
      await back;
      if (i >= warmUp) micros.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    return micros;
  } finally {
    socket.destroy();
  }
}

/** Nearest-rank percentile (`p` in 0–100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(String(Buffer.concat(chunks))));
    socket.on('error', reject);
  });
}

/** A failure says which path's target it was. */
function naming<T>(to: Target, work: Promise<T>): Promise<T> {
  return work.catch((error: Error) => {
    throw new Error(`${to.host}:${to.port}: ${error.message}`, { cause: error });
  });
}
