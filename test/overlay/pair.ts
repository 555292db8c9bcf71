import { once } from 'node:events';
import net from 'node:net';
import { type MuxOptions, MuxSession } from '../../src/overlay/mux';
import type { MuxStream } from '../../src/overlay/mux-stream';

/** Two ends of one real loopback TCP connection, so reads split frames wherever the kernel likes. */
export async function socketPair(): Promise<[net.Socket, net.Socket]> {
  const server = net.createServer({ allowHalfOpen: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  const [[serverSide]] = await Promise.all([accepted, once(client, 'connect')]);
  server.close();
  return [client, serverSide];
}

export async function sessionPair(a: MuxOptions = {}, b: MuxOptions = {}): Promise<[MuxSession, MuxSession]> {
  const [left, right] = await socketPair();
  return [new MuxSession(left, a), new MuxSession(right, b)];
}

/**
 * Every byte a readable gives until it ends (rejects with the stream's error). Not `for await`: its
 * iterator destroys the stream at the end, which would reset a half-closed stream's answer.
 */
export function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.resume();
  });
}

/** Writes `data` and ends the stream, then reads the whole answer. */
export async function exchange(stream: MuxStream, data: Buffer): Promise<Buffer> {
  const answer = readAll(stream);
  stream.end(data);
  return answer;
}

export function echo(stream: MuxStream): void {
  stream.on('error', () => {});
  stream.pipe(stream);
}

export function pattern(bytes: number, seed: number): Buffer {
  const data = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}
