import type net from 'node:net';

/**
 * Resets a connection (the engine sees ECONNRESET), or only destroys it once its writing side has
 * ended: a reset after a shutdown never completes its close in Node 20, and the process then spins
 * at exit (a test process hung at 60 % CPU in Environment::CleanupHandles, seen in gdb).
 */
export function resetConnection(socket: net.Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}
