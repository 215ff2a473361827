import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who this process is among the instances sharing one Redis: the owner named in leases, the
 * registry's entry, and what `/v1/venues`, `/metrics` and `/readyz` show as leader.
 */
export interface InstanceIdentity {
  /** Unique per process start: `<host>-<pid>-<random>` unless `INSTANCE_ID` names it. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/** A fresh identity; `id` overrides the generated one (operators may pin it, e.g. to a pod name). */
export function createInstanceIdentity(id?: string): InstanceIdentity {
  const host = hostname();
  const generated = `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return { id: id && id.trim() !== '' ? id.trim() : generated, host, pid: process.pid, startedAt: Date.now() };
}
