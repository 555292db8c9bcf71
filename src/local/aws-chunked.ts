/**
 * S3's aws-chunked upload encoding, decoded for the local S3. Clients that sign uploads chunk by
 * chunk (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, Trino's native S3 over plain
 * http among them) frame the body as `<hex size>;chunk-signature=<sig>\r\n<bytes>\r\n ... 0;...`.
 * Real S3 stores the bytes; s3rver stored the framing with them, which corrupts every such object.
 * Chunk signatures are not checked: the request's own signature is, by s3rver, as before.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

const CRLF = Buffer.from('\r\n');

/** Whether a request's body is aws-chunked. */
export function isAwsChunked(headers: IncomingMessage['headers']): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const encoding = String(headers['content-encoding'] ?? '');
  return sha.startsWith('STREAMING-') || encoding.split(',').some((part) => part.trim() === 'aws-chunked');
}

export class AwsChunkedDecoder extends Transform {
  private pending = Buffer.alloc(0);
  private state: 'header' | 'data' | 'end of data' | 'done' = 'header';
  /** Bytes of the current chunk's data not yet passed on. */
  private left = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    const complete = this.state === 'done';
    callback(complete ? undefined : new Error('the aws-chunked body ended before its last (0-size) chunk'));
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'header') {
        const end = this.pending.indexOf(CRLF);
        if (end < 0) return;
        const size = Number.parseInt(this.pending.subarray(0, end).toString('latin1').split(';')[0], 16);
        if (Number.isNaN(size)) throw new Error('an aws-chunked chunk header has no size');
        this.pending = this.pending.subarray(end + 2);
        this.left = size;
        // The last chunk has size 0: what follows (trailing checksums) is not the object's.
        this.state = size === 0 ? 'done' : 'data';
      } else if (this.state === 'data') {
        if (this.pending.length === 0) return;
        const take = Math.min(this.left, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.left -= take;
        if (this.left > 0) return;
        this.state = 'end of data';
      } else if (this.state === 'end of data') {
        if (this.pending.length < 2) return;
        this.pending = this.pending.subarray(2);
        this.state = 'header';
      } else {
        this.pending = Buffer.alloc(0);
        return;
      }
    }
  }
}

interface KoaContext {
  req: IncomingMessage;
}

/** s3rver middleware: the body of an aws-chunked upload reaches s3rver's store decoded. */
export async function decodeAwsChunked(ctx: KoaContext, next: () => Promise<unknown>): Promise<void> {
  if (isAwsChunked(ctx.req.headers)) {
    const decoded = ctx.req.pipe(new AwsChunkedDecoder());
    ctx.req.on('error', (error) => decoded.destroy(error));
    ctx.req = Object.assign(decoded, { headers: ctx.req.headers }) as unknown as IncomingMessage;
  }
  await next();
}
