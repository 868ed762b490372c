import { fileURLToPath } from 'node:url';
import type { FinesPart } from '../parts.ts';
import { receiptPageRoutes } from './routes.ts';
import { receiptJobs } from './service.ts';

/** Signed receipts for notices paid in full: issued by a job, shown and printed from the motorist's link. */
export const receiptsPart: FinesPart = {
  routes: [receiptPageRoutes],
  tables: { fine_receipts: 'append-only' },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  jobs: receiptJobs,
};
