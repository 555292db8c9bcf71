/** The local S3 stores aws-chunked uploads as their bytes, as S3 does (Trino uploads so over http). */
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AwsChunkedDecoder, isAwsChunked } from '../../src/local/aws-chunked';

/** A body framed as SigV4 streaming signs it: `<hex size>;chunk-signature=<sig>\r\n<data>\r\n` ... `0;...`. */
function framed(chunks: string[], trailer = ''): Buffer {
  const signature = `;chunk-signature=${'ab'.repeat(32)}`;
  const parts = chunks.map((chunk) => `${Buffer.byteLength(chunk).toString(16)}${signature}\r\n${chunk}\r\n`);
  return Buffer.from(`${parts.join('')}0${signature}\r\n${trailer}\r\n`);
}

async function decode(body: Buffer, pieceSize: number): Promise<string> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += pieceSize) pieces.push(body.subarray(i, i + pieceSize));
  return text(Readable.from(pieces).pipe(new AwsChunkedDecoder()));
}

describe('Class: AwsChunkedDecoder', () => {
  const data = ['PAR1', 'x'.repeat(70_000), 'é and \r\n inside', 'PAR1'];

  it.each([1, 2, 7, 65_536, 1_000_000])(
    'gives back the bytes, however the body arrives (pieces of %d)',
    async (size) => {
      expect(await decode(framed(data), size)).toBe(data.join(''));
    },
  );

  it('ignores trailing checksums after the last chunk', async () => {
    expect(await decode(framed(['abc'], 'x-amz-checksum-crc32:AAAAAA==\r\n'), 5)).toBe('abc');
  });

  it('fails a body cut before its last chunk, rather than storing part of an object', async () => {
    const cut = framed(data).subarray(0, 100);
    await expect(decode(cut, 10)).rejects.toThrow(/ended before its last \(0-size\) chunk/);
  });

  it('knows an aws-chunked request by its payload hash or its content encoding', () => {
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toBe(false);
  });
});
