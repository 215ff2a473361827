import { Gauge, Registry } from 'prom-client';
import type { ClusterView } from './membership.js';

/** `venn_cluster_instances` and `venn_cluster_budget_mode`: what this instance sees of its deployment. */
export function clusterMetricsRegistry(view: ClusterView): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'venn_cluster_instances',
    help: 'Live instances sharing this deployment (registry heartbeats, this one included)',
    registers: [registry],
    collect() {
      this.set(view.count());
    },
  });
  new Gauge({
    name: 'venn_cluster_budget_mode',
    help: 'How venue budgets are spent: 1 for the mode in force (local = no Redis, shared = through Redis, fallback = 1/N locally)',
    labelNames: ['mode'],
    registers: [registry],
    collect() {
      const mode = view.budgets();
      for (const m of ['local', 'shared', 'fallback']) this.set({ mode: m }, m === mode ? 1 : 0);
    },
  });
  return registry;
}
