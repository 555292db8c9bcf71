import { Duplex } from 'node:stream';
import { StreamReset } from './errors';
import { FrameType, MAX_PAYLOAD, WINDOW } from './frame';

/** What a stream needs from its session: sending frames, waiting out transport backpressure, leaving. */
export interface StreamCarrier {
  send(type: FrameType, stream: number, payload: Buffer | number): boolean;
  writable(): Promise<void>;
  forget(stream: number): void;
}

/**
 * One connection carried over a pair's transport. Flow control is yamux's: each side may have at most
 * WINDOW unconsumed bytes in flight per stream; the receiver returns credit as its reader consumes,
 * so one slow engine connection cannot fill the transport or the memory of the other side.
 */
export class MuxStream extends Duplex {
  private sendCredit: number;
  private received = 0;
  private delivered = 0;
  private granted = 0;
  private readonly inbox: Buffer[] = [];
  private wanting = false;
  private sentFin = false;
  private receivedFin = false;
  private silent = false;
  private wake?: () => void;

  constructor(
    private readonly carrier: StreamCarrier,
    readonly id: number,
    readonly target: string,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: MAX_PAYLOAD });
    this.sendCredit = WINDOW;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.sendAll(chunk).then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.sentFin = true;
    this.carrier.send(FrameType.Fin, this.id, 0);
    done();
  }

  override _read(): void {
    this.wanting = true;
    this.deliver();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const finished = this.sentFin && this.receivedFin;
    if (!finished && !this.silent) {
      this.carrier.send(FrameType.Reset, this.id, Buffer.from(error?.message ?? 'closed'));
    }
    this.carrier.forget(this.id);
    this.wake?.();
    done(error);
  }

  /** Data from the peer; false when the peer sent past the credit it was given. */
  receive(payload: Buffer): boolean {
    this.received += payload.length;
    if (this.received - this.granted > WINDOW) return false;
    this.inbox.push(payload);
    this.deliver();
    return true;
  }

  grant(credit: number): void {
    this.sendCredit += credit;
    this.wake?.();
  }

  remoteEnded(): void {
    this.receivedFin = true;
    this.deliver();
  }

  remoteReset(reason: string): void {
    this.abort(new StreamReset(`stream to ${this.target} was reset by the peer: ${reason}`));
  }

  /** Aborts the stream both ways, telling the peer why; this side sees a plain close, no error. */
  reset(reason: string): void {
    if (this.destroyed) return;
    this.carrier.send(FrameType.Reset, this.id, Buffer.from(reason));
    this.silent = true;
    this.destroy();
  }

  /** Ends the stream with `error` without telling the peer (it already knows, or cannot be told). */
  abort(error: Error): void {
    this.silent = true;
    this.destroy(error);
  }

  /**
   * Hands the inbox to the reader as fast as it reads, and returns credit for what it took. Credit is
   * counted here, where we decide each move, not in `_read`: Node calls `_read` once per push, before
   * the read it serves takes its bytes, so credit counted there can miss the last read and stall.
   */
  private deliver(): void {
    while (this.wanting && this.inbox.length > 0) {
      const chunk = this.inbox.shift() as Buffer;
      this.delivered += chunk.length;
      this.wanting = this.push(chunk);
    }
    if (this.inbox.length === 0 && this.receivedFin) this.push(null);
    const credit = this.delivered - this.granted;
    // Returning credit in quarters of the window keeps Credit frames rare without stalling the
    // sender: it stops only when a whole window is not yet delivered, and then a quarter is due.
    if (credit >= WINDOW / 4 && !this.receivedFin) {
      this.granted += credit;
      this.carrier.send(FrameType.Credit, this.id, credit);
    }
  }

  private async sendAll(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.destroyed) throw this.errored ?? new StreamReset(`stream to ${this.target} is closed`);
      if (this.sendCredit === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      const size = Math.min(MAX_PAYLOAD, this.sendCredit, chunk.length - offset);
      this.sendCredit -= size;
      const fits = this.carrier.send(FrameType.Data, this.id, chunk.subarray(offset, offset + size));
      offset += size;
      if (!fits) await this.carrier.writable();
    }
  }
}
