import { fileURLToPath } from 'node:url';
import type { FinesPart } from '../parts.ts';
import { financePageRoutes } from './routes.ts';
import { reconciliationJobs, seesReconciliation } from './service.ts';

/** Reconciliation: the daily run and `sauti fines reconcile`, and the finance officers' report and suspense list. */
export const reconciliationPart: FinesPart = {
  routes: [financePageRoutes],
  tables: { fine_reconciliations: 'append-only' },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [{ label: 'fines.reconciliation.nav', href: '/staff/fines/finance', roles: ['finance', 'ig_office'] }],
  permissions: { 'see the fines reconciliation report and the suspense list, and run it': seesReconciliation },
  jobs: (platform) => reconciliationJobs(platform),
};
