import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { deskRoles, keepsABook } from '../ob/index.ts';
import { documentDeskPageRoutes } from './desk/routes.ts';
import { documentJobs } from './escalation.ts';
import { documentDeskApiRoutes, documentKeyRoutes, documentRequestApiRoutes } from './routes/api.ts';
import { documentPageRoutes } from './routes/pages.ts';
import { documentRevocationApiRoutes } from './routes/revocation-api.ts';
import { documentStatusApiRoutes, documentVerifyPageRoutes } from './verify/routes.ts';
import { documentPdfDeskRoutes, documentPdfRequestRoutes } from './pdf/routes.ts';
import { p3Locales, p3Nav, p3Permissions, p3Routes, p3Tables } from './p3/registration.ts';
import { documentSettings } from './settings.ts';
import { overdueRequests } from './service.ts';
import { drawPdfJobs } from './pdf.ts';
import { scaleDocuments } from './scale-store.ts';

/** Free police documents (abstracts, P3 forms): requested with the slip, issued by the desk, on a clock. */
export const documentsModule: SautiModule = {
  name: 'documents',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  tables: {
    document_requests: { update: ['status', 'settled_at', 'settled_by', 'refused_reason', 'case_id', 'phone_sealed'] },
    document_counters: { update: ['last_number'] },
    documents: { update: ['revoked_at', 'revoked_by', 'revoked_reason', 'superseded_by'] },
    document_keys: { update: ['valid_until'] },
    document_pdfs: 'append-only',
    ...p3Tables,
  },
  locales: [
    fileURLToPath(new URL('./locales/', import.meta.url)),
    fileURLToPath(new URL('./verify/locales/', import.meta.url)),
    fileURLToPath(new URL('./pdf/locales/', import.meta.url)),
    p3Locales,
  ],
  settings: [documentSettings],
  permissions: { "issue and refuse their station's free documents": keepsABook, ...p3Permissions },
  routes: [
    documentRequestApiRoutes,
    documentDeskApiRoutes,
    documentRevocationApiRoutes,
    documentKeyRoutes,
    documentPageRoutes,
    documentDeskPageRoutes,
    documentVerifyPageRoutes,
    documentStatusApiRoutes,
    documentPdfDeskRoutes,
    documentPdfRequestRoutes,
    ...p3Routes,
  ],
  nav: [{ label: 'documents.nav.desk', href: '/staff/documents', roles: deskRoles, overdue: overdueRequests }, p3Nav],
  jobs: (platform) => [...documentJobs(platform), ...drawPdfJobs(platform)],
  hashColumns: { files: [{ table: 'document_pdfs', column: 'sha256' }] },
  scale: scaleDocuments,
};
