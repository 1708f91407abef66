import type { Server } from 'node:net';

/** Listens on `host:port` (0 = any free port) and resolves the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the listener has no TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

/** Closes a server, ending idle and active HTTP connections so close() cannot hang on keep-alive. */
export function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeAllConnections?.();
  });
}
