import { UsageError } from '@x/cli-kit';

/** A host and a port from the command line. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port`, `[ipv6]:port` or `ipv6-literal:port` (the last colon separates the port).
 * @throws UsageError naming the expected form.
 * @example parseHostPort('es.example.com:9200') // { host: 'es.example.com', port: 9200 }
 */
export function parseHostPort(text: string): HostPort {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(trimmed);
  const plain = /^(.+):(\d+)$/.exec(trimmed);
  const host = bracketed?.[1] ?? plain?.[1];
  const port = Number(bracketed?.[2] ?? plain?.[2]);
  if (host === undefined || host.trim() === '' || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError(`'${text}' is not an address: use host:port (e.g. 10.0.0.8:9200, es.example.com:9200, [::1]:9092)`);
  return { host: host.trim(), port };
}

/** `host:port`, with IPv6 literals in brackets. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
