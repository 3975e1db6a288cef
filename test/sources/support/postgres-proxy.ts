import { readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';

/*
 * A loopback stand-in for a PostgreSQL server's TLS behaviour, in front of the plain-text test
 * server: it answers the client's SSLRequest itself, then relays the protocol. The test server
 * (embedded 18, Debian 15) runs with ssl=off; this lets the sslmode tests see each kind of server
 * on both.
 */

export const CERTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'certs');

/**
 * - `no-tls`: a server with ssl=off (answers "N");
 * - `tls`: TLS with `certs/server.crt` (for "localhost", signed by `certs/ca.crt`), plain text too;
 * - `tls-only`: as `tls`, but a plain-text login is refused as a hostssl-only pg_hba.conf would.
 */
export type ProxyMode = 'no-tls' | 'tls' | 'tls-only';

export interface PostgresProxy {
  readonly port: number;
  /** How each session that reached the server was carried, in order. */
  readonly sessions: ('tls' | 'plain')[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;

export async function startProxy(upstream: { host: string; port: number }, mode: ProxyMode): Promise<PostgresProxy> {
  const sessions: ('tls' | 'plain')[] = [];
  const open = new Set<Socket>();
  const key = readFileSync(join(CERTS, 'server.key'));
  const cert = readFileSync(join(CERTS, 'server.crt'));
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    readPacket(client, (first) => {
      if (first.length === 8 && first.readInt32BE(4) === SSL_REQUEST) {
        if (mode === 'no-tls') {
          client.write('N');
          // libpq goes on in plain text on the same socket; node-postgres hangs up instead.
          readPacket(client, (startup) => relay(client, startup, 'plain'));
          return;
        }
        client.write('S');
        const secure = new TLSSocket(client, { isServer: true, key, cert });
        secure.on('error', () => client.destroy());
        // Counted once the handshake succeeded: a client that rejects the certificate never gets in.
        secure.once('secure', () => relay(secure, Buffer.alloc(0), 'tls'));
        return;
      }
      if (mode === 'tls-only') {
        client.end(errorResponse('28000', 'no pg_hba.conf entry for this host, no encryption'));
        return;
      }
      relay(client, first, 'plain');
    });
  });
  const relay = (client: Socket, already: Buffer, how: 'tls' | 'plain') => {
    sessions.push(how);
    const server = connect(upstream.port, upstream.host);
    open.add(server);
    server.on('close', () => open.delete(server));
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    if (already.length > 0) server.write(already);
    client.pipe(server);
    server.pipe(client);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    port: address.port,
    sessions,
    async close() {
      for (const s of open) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Calls `then` with the first length-prefixed packet (SSLRequest or StartupMessage) the client sends. */
function readPacket(socket: Socket, then: (packet: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
    socket.off('data', onData);
    socket.pause();
    const length = buffered.readInt32BE(0);
    if (buffered.length > length) socket.unshift(buffered.subarray(length));
    then(buffered.subarray(0, length));
  };
  socket.on('data', onData);
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}
