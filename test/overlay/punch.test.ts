import { once } from 'node:events';
import net from 'node:net';
import { PunchFailed } from '../../src/overlay/errors';
import { punch } from '../../src/overlay/punch';
import { freePorts } from '../../src/session/ports';

// Simultaneous open through NATs is proven in isolation.test.ts (network namespaces, as root); here,
// on one host, the connect loop: its fixed local port, its retries and its named failure.
describe('Function: punch', () => {
  it('connects from the fixed local port, retrying until the peer is there', async () => {
    const [localPort, peerPort] = [(await freePorts(1))[0], (await freePorts(1))[0]];
    const peer = net.createServer();
    setTimeout(() => peer.listen(peerPort, '127.0.0.1'), 700); // the first attempts are refused
    const accepted = once(peer, 'connection');
    const socket = await punch({
      pair: 'member 0 – member 1',
      localPort,
      peer: { address: '127.0.0.1', port: peerPort },
      deadline: Date.now() + 5000,
    });
    const [incoming] = (await accepted) as [net.Socket];
    expect(incoming.remotePort).toBe(localPort);
    socket.destroy();
    incoming.destroy();
    peer.close();
  });

  it('fails with PunchFailed naming the pair, the ports and the last error', async () => {
    const [localPort, peerPort] = [(await freePorts(1))[0], (await freePorts(1))[0]];
    const failure = punch({
      pair: 'member 1 – member 2',
      localPort,
      peer: { address: '127.0.0.1', port: peerPort },
      deadline: Date.now() + 800,
    });
    await expect(failure).rejects.toThrow(PunchFailed);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `pair member 1 – member 2: no TCP connection from local port ${localPort} to 127.0.0.1:${peerPort} in \\d+ attempts.*ECONNREFUSED`,
      ),
    );
    const error = await failure.catch((e) => e);
    expect(error.name).toBe('PunchFailed');
    expect(error.cause.code).toBe('ECONNREFUSED');
  });

  it('gives up at the deadline when nothing answers at all', async () => {
    const started = Date.now();
    // 192.0.2.0/24 is TEST-NET-1: no host is there; depending on the network the try times out, is
    // unreachable or is refused by a gateway, so only the deadline is certain.
    const failure = punch({
      pair: 'member 0 – member 2',
      localPort: (await freePorts(1))[0],
      peer: { address: '192.0.2.1', port: 9 },
      deadline: started + 1200,
      attemptMs: 500,
    });
    await expect(failure).rejects.toThrow(/member 0 – member 2.*in \d+ attempts before the deadline/);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
