import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type { ConnectionSettings } from './settings.js';

/** One way to try a connection: in plain text, or over TLS with these options. */
export type Attempt = { readonly tls: false } | { readonly tls: true; readonly options: ConnectionOptions };

/** A certificate or key file that cannot be read: bad input, naming the file. */
export class CertificateFileError extends Error {}

/**
 * The connection attempts `sslmode` stands for, in order, with libpq's meaning:
 *
 * - `disable`: plain text only;
 * - `allow`: plain text, then TLS if the server turns that down;
 * - `prefer` (the default): TLS, then plain text if the server has no TLS or the TLS attempt fails;
 * - `require`: TLS only; the certificate is not checked — unless a root certificate is given (or
 *   `~/.postgresql/root.crt` exists), when the chain is, as libpq does;
 * - `verify-ca`: TLS, the certificate must chain to the root certificate;
 * - `verify-full`: as verify-ca, and it must name the host.
 *
 * The root certificate is `sslrootcert` (a file, or `system` for the system's trusted roots),
 * else `~/.postgresql/root.crt`; verify-ca and verify-full refuse to run without one. Client
 * certificates come from `sslcert`/`sslkey`, else `~/.postgresql/postgresql.crt`/`.key` when they
 * exist. A Unix socket never uses TLS (nor does libpq).
 *
 * @throws CertificateFileError when a file named is unreadable, or verify-ca/verify-full has no root certificate.
 * @example
 * connectionAttempts({ ...settings, sslmode: 'prefer' }).map((a) => a.tls) // [true, false]
 */
export function connectionAttempts(settings: ConnectionSettings): Attempt[] {
  if (settings.host.startsWith('/') || settings.sslmode === 'disable') return [{ tls: false }];
  const tls = (): Attempt => ({ tls: true, options: tlsOptions(settings) });
  switch (settings.sslmode) {
    case 'allow':
      return [{ tls: false }, tls()];
    case 'prefer':
      return [tls(), { tls: false }];
    default:
      return [tls()];
  }
}

function tlsOptions(s: ConnectionSettings): ConnectionOptions {
  const dir = join(s.home, '.postgresql');
  const verifying = s.sslmode === 'verify-ca' || s.sslmode === 'verify-full';
  const rootFile = s.sslrootcert ?? join(dir, 'root.crt');
  let ca: string | undefined;
  let checkChain: boolean;
  if (s.sslrootcert === 'system') {
    checkChain = true; // Node's bundled and system roots, its default.
  } else if (s.sslrootcert !== undefined || existsSync(rootFile)) {
    ca = readFile(rootFile, 'root certificate');
    checkChain = true;
  } else if (verifying) {
    throw new CertificateFileError(
      `sslmode=${s.sslmode} needs a root certificate and "${rootFile}" does not exist: give sslrootcert=FILE (or sslrootcert=system for the system's trusted roots), or a weaker sslmode`,
    );
  } else {
    checkChain = false;
  }
  const certFile = s.sslcert ?? join(dir, 'postgresql.crt');
  const keyFile = s.sslkey ?? join(dir, 'postgresql.key');
  const withCert = s.sslcert !== undefined || existsSync(certFile);
  return {
    rejectUnauthorized: checkChain,
    ...(ca !== undefined ? { ca } : {}),
    // Only verify-full checks that the certificate names the host.
    ...(s.sslmode === 'verify-full' ? {} : { checkServerIdentity: () => undefined }),
    // Connecting to hostaddr: the certificate must still name the host.
    ...(s.hostaddr !== undefined ? { servername: s.host } : {}),
    ...(withCert ? { cert: readFile(certFile, 'client certificate'), key: readFile(keyFile, 'client key') } : {}),
    ...(s.sslpassword !== undefined ? { passphrase: s.sslpassword } : {}),
    ...(s.sslMinProtocolVersion ? { minVersion: s.sslMinProtocolVersion as ConnectionOptions['minVersion'] } : {}),
    ...(s.sslMaxProtocolVersion ? { maxVersion: s.sslMaxProtocolVersion as ConnectionOptions['maxVersion'] } : {}),
  };
}

function readFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CertificateFileError(`cannot read the ${what} "${file}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
