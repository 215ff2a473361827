/**
 * Why the server could not listen, in one line naming the variable to fix (no stack trace): the
 * port is taken or not ours to bind (`PORT`), or the host is not an address of this machine or does
 * not resolve (`HOST`). Anything else gets undefined and is reported as it is.
 */
export function listenErrorLine(err: unknown, where: { host: string; port: number }): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT: port ${where.port} is already in use on ${where.host}; stop the other process or choose another PORT`;
    case 'EACCES':
      return `PORT: not allowed to listen on port ${where.port} (ports below 1024 need privileges); choose another PORT`;
    case 'EADDRNOTAVAIL':
      return `HOST: ${JSON.stringify(where.host)} is not an address of this machine; use 0.0.0.0, 127.0.0.1 or one of its addresses`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `HOST: ${JSON.stringify(where.host)} does not resolve to an address; use 0.0.0.0, 127.0.0.1 or one of the machine's addresses`;
    default:
      return undefined;
  }
}
