/**
 * The audit log: one structured line per order write (a placement, an amendment, a cancel) and per
 * order refused by a safety limit, with the key id, the venue, the market, the order's terms, the
 * result and the latency. It holds no secrets: key ids are not secret, tokens never reach here.
 */
import type { Logger } from 'pino';

export type AuditAction = 'place' | 'amend' | 'cancel';
/** What became of the write (`pending`: sent, outcome not known yet). */
export type AuditResult = 'placed' | 'pending' | 'amended' | 'canceled' | 'refused' | 'failed';

export interface AuditEntry {
  action: AuditAction;
  keyId: string;
  venue: string;
  market: string | null;
  side: string | null;
  /** The contract (`yes` or `no`). */
  outcome: string | null;
  size: string | null;
  price: string | null;
  result: AuditResult;
  orderId: string | null;
  /** The problem code of a refusal or failure. */
  code?: string;
  requestId?: string;
  latencyMs: number;
}

export class AuditLog {
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger.child({ component: 'audit' });
  }

  write(entry: AuditEntry): void {
    this.logger.info({ audit: 'order', ...entry, latencyMs: Math.round(entry.latencyMs) }, 'order write');
  }
}
