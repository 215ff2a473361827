/**
 * Requests Node's HTTP parser refuses before any route sees them (a header section or URL over the
 * size limit, a malformed request line) are answered by Node itself with a bare status and no body.
 * This answers them as every other error: `application/problem+json` with a stable `code`.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemBody, type ProblemInit } from './problem.js';

/** Node's parser error codes → our problem (as Node maps them: oversized headers 431, the rest 400). */
export function parserProblem(code: string | undefined): ProblemInit {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'request_header_fields_too_large', detail: 'the request line and headers are larger than this server accepts' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request_timeout', detail: 'the request was not received in time' };
  return { status: 400, code: 'invalid_request', detail: 'the request could not be parsed as HTTP/1.1' };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export function attachClientErrorProblems(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or a half-written socket cannot take an answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const init = parserProblem(err.code);
    const body = JSON.stringify(problemBody(init, '/'));
    socket.end(
      `HTTP/1.1 ${init.status} ${REASONS[init.status] ?? 'Error'}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  });
}
