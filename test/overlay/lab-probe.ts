/** Runs in a lab namespace: listens on a port, or tries one connection and says how it went. */
import net from 'node:net';

type Config = { listen: number } | { connect: { address: string; port: number }; timeoutMs: number };
const config = JSON.parse(process.argv[2]) as Config;
const say = (message: object) => console.log(JSON.stringify(message));

if ('listen' in config) {
  net
    .createServer((socket) => socket.end('hello'))
    .listen(config.listen, '0.0.0.0', () => say({ event: 'listening' }));
} else {
  const socket = net.connect({ host: config.connect.address, port: config.connect.port });
  const timer = setTimeout(() => {
    say({ event: 'probe', result: 'timeout' });
    process.exit(0);
  }, config.timeoutMs);
  socket.on('connect', () => {
    clearTimeout(timer);
    say({ event: 'probe', result: 'connected' });
    process.exit(0);
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    clearTimeout(timer);
    say({ event: 'probe', result: error.code ?? error.message });
    process.exit(0);
  });
}
