import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { StreamReset, TransportClosed } from '../../src/overlay/errors';
import { WINDOW } from '../../src/overlay/frame';
import type { MuxSession } from '../../src/overlay/mux';
import type { MuxStream } from '../../src/overlay/mux-stream';
import { echo, exchange, pattern, readAll, sessionPair, socketPair } from './pair';

describe('Class: MuxSession', () => {
  let sessions: MuxSession[] = [];
  afterEach(() => {
    for (const session of sessions) session.close();
    sessions = [];
  });
  async function pair(...options: Parameters<typeof sessionPair>) {
    sessions = await sessionPair(...options);
    return sessions;
  }

  it('tells the accepting side which target each stream is for', async () => {
    const targets: string[] = [];
    const [left] = await pair(
      {},
      {
        accept: (stream) => {
          targets.push(stream.target);
          echo(stream);
        },
      },
    );
    await exchange(left.open('7077'), Buffer.from('a'));
    await exchange(left.open('8047'), Buffer.from('b'));
    expect(targets).toEqual(['7077', '8047']);
  });

  it('carries many concurrent streams in both directions without mixing their bytes', async () => {
    const [left, right] = await pair({ accept: echo }, { accept: echo });
    const rounds = Array.from({ length: 40 }, (_, i) => {
      const from = i % 2 === 0 ? left : right;
      const data = pattern(10_000 + i * 997, i);
      return exchange(from.open(`port-${i}`), data).then((answer) => answer.equals(data));
    });
    expect(await Promise.all(rounds)).toEqual(Array(40).fill(true));
    await sleep(20);
    expect([left.streamCount, right.streamCount]).toEqual([0, 0]);
  });

  it('carries a large transfer intact', async () => {
    const [left] = await pair({}, { accept: echo });
    const data = pattern(48 * 1024 * 1024, 7);
    const answer = await exchange(left.open('big'), data);
    expect(answer.length).toBe(data.length);
    expect(answer.equals(data)).toBe(true);
  });

  it('holds the sender back while the reader does not read, then resumes', async () => {
    let reader: MuxStream | undefined;
    const [left] = await pair(
      {},
      {
        accept: (stream) => {
          reader = stream;
          stream.pause();
        },
      },
    );
    const writer = left.open('slow');
    let accepted = 0;
    const total = 16 * 1024 * 1024;
    const chunk = Buffer.alloc(16 * 1024, 3);
    const sending = (async () => {
      for (let sent = 0; sent < total; sent += chunk.length) {
        if (!writer.write(chunk)) await once(writer, 'drain');
        accepted += chunk.length;
      }
      writer.end();
    })();
    await sleep(300);
    // Held: the reader buffered at most one window, the sender accepted little beyond it.
    expect(reader?.readableLength).toBeLessThanOrEqual(WINDOW);
    expect(accepted).toBeLessThan(WINDOW + 4 * 1024 * 1024);
    expect(accepted).toBeLessThan(total);
    const received = await readAll(reader as MuxStream);
    await sending;
    expect(received.length).toBe(total);
    reader?.end();
    writer.resume();
    await once(writer, 'close');
  });

  it('half-closes: the reader sees the end and can still answer', async () => {
    const [left] = await pair(
      {},
      {
        accept: async (stream) => {
          const question = await readAll(stream);
          stream.end(Buffer.concat([Buffer.from('answer to '), question]));
        },
      },
    );
    expect((await exchange(left.open('q'), Buffer.from('question'))).toString()).toBe('answer to question');
  });

  it('resets one stream: its other end fails with StreamReset, the other streams go on', async () => {
    const [left] = await pair(
      {},
      {
        accept: (stream) => (stream.target === 'doomed' ? stream.reset('connection refused') : echo(stream)),
      },
    );
    const doomed = left.open('doomed');
    doomed.write('x');
    const failure = await readAll(doomed).catch((error) => error);
    expect(failure).toBeInstanceOf(StreamReset);
    expect(failure.message).toBe('stream to doomed was reset by the peer: connection refused');
    expect((await exchange(left.open('fine'), Buffer.from('ok'))).toString()).toBe('ok');
  });

  it('resets the streams of a side that accepts none', async () => {
    const [left] = await pair();
    await expect(readAll(left.open('anything'))).rejects.toThrow('accepts no streams');
  });

  it('ends every stream with TransportClosed when the transport closes', async () => {
    const [left, right] = await pair({}, { accept: (stream) => stream.on('error', () => {}) });
    const streams = [left.open('a'), left.open('b'), left.open('c')];
    for (const stream of streams) stream.write('pending');
    const failures = streams.map((stream) => readAll(stream).catch((error) => error));
    await sleep(20);
    right.close();
    for (const failure of await Promise.all(failures)) expect(failure).toBeInstanceOf(TransportClosed);
    expect(left.closed).toBe(true);
    expect(() => left.open('late')).toThrow(TransportClosed);
  });

  it('closes the session with TransportClosed when the peer breaks the framing', async () => {
    const [mine, theirs] = await socketPair();
    const { MuxSession } = await import('../../src/overlay/mux');
    const session = new MuxSession(mine);
    const closed = once(session, 'close');
    theirs.write('SSH-2.0-OpenSSH\r\n');
    const [error] = await closed;
    expect(error).toBeInstanceOf(TransportClosed);
    expect(error.message).toContain('the peer broke the framing: unknown frame type 83');
    theirs.destroy();
  });
});
