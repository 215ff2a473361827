/**
 * Idle keep-alive connections are kept `HTTP_KEEP_ALIVE_TIMEOUT_MS` (default 72 s, as Fastify
 * does), not Node's 5 s: a load balancer or proxy in front keeps its idle connections to the
 * service for 60 s and more, and a connection the service closes just as the proxy sends a
 * request on it comes back to the proxy's client as a 502. A long stretch of synchronous work
 * also fires a short idle timer early (it was armed with the loop's clock from before the stretch),
 * under a client about to reuse the connection.
 */
import type { Server } from 'node:http';

/** Keeps idle connections `idleMs` (Node 20 closes them about a second after that). */
export function keepConnections(server: Server, idleMs: number): void {
  server.keepAliveTimeout = idleMs;
  // The headers of a request on a kept connection must get longer than its idle time.
  server.headersTimeout = Math.max(server.headersTimeout, idleMs + 1000);
}
