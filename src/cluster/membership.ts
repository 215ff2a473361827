import type { Logger } from 'pino';
import { createRedisClient, readyOrFailed } from '../cache/redis.js';
import { budgetBackend, setBudgetBackend } from '../venue/shared-budget.js';
import type { InstanceIdentity } from './instance.js';
import { RedisBudgets } from './redis-budgets.js';
import { MemoryRegistry, RedisRegistry, type InstanceEntry, type InstanceRegistry } from './registry.js';

/** How this instance spends venue budgets: alone (`local`), shared through Redis, or on its 1/N fallback. */
export type BudgetMode = 'local' | 'shared' | 'fallback';

/** What `/readyz` and `/metrics` show of the instances sharing one Redis. */
export interface ClusterView {
  instanceId: string;
  /** Live instances as last seen (this one included). */
  count(): number;
  instances(): InstanceEntry[];
  budgets(): BudgetMode;
}

export interface Membership extends ClusterView {
  registry: InstanceRegistry;
  close(): Promise<void>;
}

export interface MembershipOptions {
  redisUrl?: string | null;
  keyPrefix: string;
  identity: InstanceIdentity;
  logger: Logger;
  heartbeatMs?: number;
}

/**
 * Joins the deployment: without Redis, one instance on local budgets. With Redis, a heartbeat in
 * the registry and the process-wide backend of shared venue budgets (shared-budget.ts), whose
 * fallback divides each budget by the registry's last known count.
 */
export async function joinCluster(options: MembershipOptions): Promise<Membership> {
  const { identity } = options;
  const logger = options.logger.child({ component: 'cluster' });
  if (!options.redisUrl) {
    const registry = new MemoryRegistry(identity);
    return {
      registry,
      instanceId: identity.id,
      count: () => 1,
      instances: () => registry.instances(),
      budgets: () => 'local',
      close: () => registry.close(),
    };
  }
  // Its own connection: every venue request takes its budget through it, and it must not queue
  // behind the cache's bulk catalog writes on the cache's connection.
  const client = createRedisClient({ url: options.redisUrl });
  const registry = new RedisRegistry({ client, prefix: options.keyPrefix, self: identity, ...(options.heartbeatMs ? { intervalMs: options.heartbeatMs } : {}) });
  const budgets = new RedisBudgets({ client, prefix: options.keyPrefix, instanceId: identity.id, instances: () => registry.count() });
  setBudgetBackend(budgets);
  let lastMode: BudgetMode | undefined;
  const report = (): BudgetMode => {
    const mode: BudgetMode = budgets.shared() ? 'shared' : 'fallback';
    if (mode !== lastMode && lastMode !== undefined) {
      if (mode === 'fallback') logger.warn({ instances: registry.count() }, 'venue budgets: redis unreachable, each budget runs locally at 1/N');
      else logger.info({ instances: registry.count() }, 'venue budgets: shared through redis again');
    }
    lastMode = mode;
    return mode;
  };
  for (const event of ['ready', 'close']) client.on(event, () => void report());
  await readyOrFailed(client, 1000);
  await registry.start();
  logger.info({ instanceId: identity.id, instances: registry.count(), budgets: report() }, 'joined the deployment');
  return {
    registry,
    instanceId: identity.id,
    count: () => registry.count(),
    instances: () => registry.instances(),
    budgets: report,
    async close() {
      if (budgetBackend() === budgets) setBudgetBackend(undefined);
      await registry.close();
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
