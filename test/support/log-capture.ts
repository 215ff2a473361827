/** Collects every line a pino logger writes, to assert on what was logged. */
import { Writable } from 'node:stream';

export interface LogCapture {
  stream: Writable;
  /** Every line written so far. */
  lines(): string[];
  /** Lines that contain any of `secrets` (each secret also checked without a `0x` prefix). */
  leaks(secrets: readonly string[]): { secret: string; line: string }[];
}

export function captureLogs(): LogCapture {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  const lines = () => text.split('\n').filter((l) => l !== '');
  return {
    stream,
    lines,
    leaks(secrets) {
      const needles = secrets.flatMap((s) => (s.startsWith('0x') ? [s, s.slice(2)] : [s])).filter((s) => s.length >= 8);
      const out: { secret: string; line: string }[] = [];
      for (const line of lines()) {
        for (const secret of needles) if (line.includes(secret)) out.push({ secret: `${secret.slice(0, 6)}…`, line: line.slice(0, 300) });
      }
      return out;
    },
  };
}

/** The lines of a PEM body that are long enough to identify it (each one is a secret). */
export function pemSecrets(pem: string): string[] {
  return pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 40 && !l.startsWith('-----'));
}
