import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { fineOfficerApiRoutes, finePublicApiRoutes } from './routes/api.ts';
import { fineNoticePageRoutes, fineOfficerPageRoutes, finePublicPageRoutes } from './routes/pages.ts';
import { deskRoles } from '../ob/index.ts';
import { issuesNotices } from './service.ts';
import { fineSettings } from './settings.ts';
import { fineJobs } from './payments.ts';
import { reminderJob } from './messages.ts';
import { fineDarajaRoutes, finePayPageRoutes } from './routes/payments.ts';
import { darajaSettings } from '../../platform/payments/daraja/index.ts';
import type { FinesPart } from './parts.ts';
import { loadFinesDemo } from './demo.ts';
import { scaleFines } from './scale-store.ts';
import { paybillPart } from './paybill/part.ts';
import { withdrawalPart } from './withdrawal/part.ts';
import { receiptsPart } from './receipts/part.ts';
import { reconciliationPart } from './reconciliation/part.ts';

const parts: readonly FinesPart[] = [paybillPart, withdrawalPart, receiptsPart, reconciliationPart];

/** Traffic fines: notices from the offence schedule, paid by M-Pesa or a bank reference, never in cash. */
export const finesModule: SautiModule = {
  name: 'fines',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  tables: {
    fine_notices: { update: ['status', 'paid_cents', 'withdrawn_by', 'withdrawn_reason', 'settled_at', 'reminded_at'] },
    fine_notice_offences: 'append-only',
    fine_notice_events: 'append-only',
    fine_stk_requests: {
      update: [
        'status',
        'checkout_request_id',
        'merchant_request_id',
        'result_code',
        'result_desc',
        'settled_at',
        'next_query_at',
        'called_back_at',
        'callback',
      ],
    },
    fine_payments: 'append-only',
    ...Object.assign({}, ...parts.map((p) => p.tables ?? {})),
  },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url)), ...parts.flatMap((p) => p.locales ?? [])],
  settings: [fineSettings, darajaSettings],
  permissions: Object.assign(
    { 'issue traffic notices at their station': issuesNotices },
    ...parts.map((p) => p.permissions ?? {}),
  ),
  routes: [
    fineOfficerApiRoutes,
    finePublicApiRoutes,
    fineOfficerPageRoutes,
    finePublicPageRoutes,
    fineNoticePageRoutes,
    fineDarajaRoutes,
    finePayPageRoutes,
    ...parts.flatMap((p) => p.routes ?? []),
  ],
  nav: [{ label: 'fines.nav.issue', href: '/staff/fines/new', roles: deskRoles }, ...parts.flatMap((p) => p.nav ?? [])],
  jobs: (platform) => [...fineJobs(platform), reminderJob(platform), ...parts.flatMap((p) => p.jobs?.(platform) ?? [])],
  demo: loadFinesDemo,
  scale: scaleFines,
  home: [{ title: 'fines.home.title', body: 'fines.home.body', href: '/fines/verify' }],
};
