import type net from 'node:net';
import { ReflectorError } from './errors';

/** The reflector's handshake is one JSON line each way; after it, the socket carries raw bytes. */
export function writeLine(socket: net.Socket, message: object): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

/**
 * Reads one JSON line and leaves every byte after it in the socket (unshifted), so the handshake can
 * hand the same socket to the multiplexer without losing the first frames.
 */
export function readLine<T>(socket: net.Socket, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(
      () => finish(new ReflectorError(`no ${what} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(10);
      if (end >= 0) finish(undefined, buffered.subarray(0, end), buffered.subarray(end + 1));
      else if (buffered.length > 4096) finish(new ReflectorError(`${what} is not a line of at most 4 KiB`));
    };
    const onEnd = () => finish(new ReflectorError(`the connection closed before the ${what}`));
    const onError = (error: Error) =>
      finish(new ReflectorError(`${what} failed: ${error.message}`, { cause: error }));
    function finish(error?: Error, line?: Buffer, rest?: Buffer) {
      clearTimeout(timer);
      socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onError);
      socket.pause();
      if (rest && rest.length > 0) socket.unshift(rest);
      if (error) return reject(error);
      try {
        resolve(JSON.parse(String(line)) as T);
      } catch (cause) {
        reject(new ReflectorError(`${what} is not JSON: ${String(line).slice(0, 80)}`, { cause }));
      }
    }
    socket.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onError);
    socket.resume();
  });
}
