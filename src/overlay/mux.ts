import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { MuxProtocolError, TransportClosed } from './errors';
import { encodeHeader, type Frame, FrameDecoder, FrameType, THEIRS } from './frame';
import { MuxStream, type StreamCarrier } from './mux-stream';

/*
 * Why our own framing and not yamux-js (npm, 0.2.0, the only yamux port for Node outside libp2p):
 * measured here, it corrupts the session as soon as TCP splits a frame header across two reads
 * ("Invalid protocol version" after the first 64 KiB of a 32 MiB transfer over loopback), it
 * compares FIN with SYN so a half-close never ends the reader, it polls every 100 ms while the send
 * window is empty, and it returns window credit on arrival instead of on consumption, so it has no
 * backpressure. @chainsafe/libp2p-yamux is kept well but is ESM-only and built on libp2p's
 * connection interfaces. What we need — open with a target, data, credit, half-close, reset — is
 * five frame types (frame.ts), small enough to own and test completely.
 */

export interface MuxOptions {
  /** Called for every stream the peer opens; without it, the peer's streams are reset. */
  accept?: (stream: MuxStream) => void;
}

/** One pair's transport connection, carrying any number of streams in both directions. */
export class MuxSession extends EventEmitter implements StreamCarrier {
  private readonly streams = new Map<number, MuxStream>();
  private readonly decoder = new FrameDecoder();
  private nextId = 1;
  private drainWaiters: Array<() => void> = [];
  private closedWith?: TransportClosed;

  constructor(
    private readonly transport: Duplex,
    private readonly options: MuxOptions = {},
  ) {
    super();
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.on('drain', () => this.wakeWriters());
    transport.on('end', () => this.fail(new TransportClosed('the peer closed the transport')));
    transport.on('error', (error) =>
      this.fail(new TransportClosed(`transport failed: ${error.message}`, { cause: error })),
    );
    transport.on('close', () => this.fail(new TransportClosed('the transport closed')));
    transport.resume(); // a handshake (reflector-client.ts) may have paused it: 'data' alone does not resume
  }

  /** Opens a stream to `target` on the peer (e.g. a member port); data may be written at once. */
  open(target: string): MuxStream {
    if (this.closedWith) throw this.closedWith;
    const stream = this.register(this.nextId++, target);
    this.send(FrameType.Open, stream.id, Buffer.from(target));
    return stream;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Ends the transport; every stream still open ends with `TransportClosed`. */
  close(): void {
    this.fail(new TransportClosed('the session was closed'));
  }

  send(type: FrameType, stream: number, payload: Buffer | number): boolean {
    if (this.closedWith || this.transport.destroyed) return false;
    const data = typeof payload === 'number' ? undefined : payload;
    const length = typeof payload === 'number' ? payload : payload.length;
    this.transport.cork();
    this.transport.write(encodeHeader(type, stream, length));
    const fits = data && data.length > 0 ? this.transport.write(data) : !this.transport.writableNeedDrain;
    this.transport.uncork();
    return fits;
  }

  writable(): Promise<void> {
    if (this.closedWith || !this.transport.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  forget(stream: number): void {
    this.streams.delete(stream);
  }

  private register(id: number, target: string): MuxStream {
    const stream = new MuxStream(this, id, target);
    this.streams.set(id, stream);
    return stream;
  }

  private receive(chunk: Buffer): void {
    try {
      for (const frame of this.decoder.push(chunk)) this.dispatch(frame);
    } catch (error) {
      this.fail(
        new TransportClosed(`the peer broke the framing: ${(error as Error).message}`, { cause: error }),
      );
    }
  }

  /** The sender names a stream from its side: flipping the top bit names it from ours. */
  private dispatch(frame: Frame): void {
    const id = (frame.stream ^ THEIRS) >>> 0;
    if (frame.type === FrameType.Open) {
      this.opened(id, frame.payload.toString());
      return;
    }
    const stream = this.streams.get(id);
    // Frames for a stream we already reset are late, not wrong: the peer had not seen our Reset yet.
    if (!stream) return;
    if (frame.type === FrameType.Data && !stream.receive(frame.payload)) {
      throw new MuxProtocolError(`the peer sent past its credit on stream ${id}`);
    }
    if (frame.type === FrameType.Credit) stream.grant(frame.length);
    if (frame.type === FrameType.Fin) stream.remoteEnded();
    if (frame.type === FrameType.Reset) stream.remoteReset(frame.payload.toString());
  }

  private opened(id: number, target: string): void {
    if (id < THEIRS || this.streams.has(id)) {
      throw new MuxProtocolError(`the peer opened stream ${id} twice or with our id space`);
    }
    const stream = this.register(id, target);
    if (this.options.accept) this.options.accept(stream);
    else stream.reset('this side accepts no streams');
  }

  private fail(error: TransportClosed): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const stream of [...this.streams.values()]) stream.abort(error);
    this.streams.clear();
    this.wakeWriters();
    this.transport.destroy();
    this.emit('close', error);
  }

  private wakeWriters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
