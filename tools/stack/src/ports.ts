import { createConnection } from 'node:net';

/** Whether something accepts TCP connections on host:port (used to refuse clashing starts). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ port, host });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolvePort(inUse);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
