import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { commandsAStation, deskRoles, keepsABook, readsEveryBook } from './permissions.ts';
import { obApiRoutes } from './routes/api.ts';
import { logIntegratorJob, logProofRoutes, logSettings, logTileRoutes } from './log/index.ts';
import { caseSources } from '../cases/index.ts';
import { custodyApiRoutes, custodyJobs, custodyPageRoutes, entriesOnCase } from './custody/index.ts';
import { obPageRoutes } from './routes/pages.ts';
import { verifyApiRoutes, verifyPageRoutes } from './routes/verify.ts';
import { slipRoutes } from './slip/routes.ts';
import { footageApiRoutes } from './footage/api.ts';
import { footageStaffRoutes } from './footage/routes.ts';
import { footageUploadRoutes, footageUploadsSweepJob } from './footage/uploads.ts';
import { footageSettings } from './footage/settings.ts';
import { scaleOb } from './scale-store.ts';

/** The digital Occurrence Book: every station's entries, numbered without gaps, in one national log anyone can audit. */
export const obModule: SautiModule = {
  name: 'ob',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  tables: {
    ob_entries: 'append-only',
    ob_entry_cases: 'append-only',
    ob_day_counters: { update: ['last_number'] },
    ob_entry_persons: { update: ['name', 'id_number', 'phone', 'age', 'sex', 'erased_at'] },
    ob_log_leaves: 'append-only',
    ob_log_tiles: 'append-only',
    ob_log_checkpoints: 'append-only',
    ob_log_cosignatures: 'append-only',
    ob_log_state: { update: ['size', 'root'] },
    ob_log_partial_tiles: { update: ['tile_index', 'data'], delete: true },
    ob_log_witnesses: { update: ['size', 'updated_at'] },
    ob_custody_deadlines: { update: ['settled_at', 'case_id'] },
    ob_footage: 'append-only',
  },
  hashColumns: { files: [{ table: 'ob_footage', column: 'sha256' }] },
  permissions: {
    "record entries in their station's book": keepsABook,
    "close their station's days": commandsAStation,
    "read every station's book (each read audited)": readsEveryBook,
  },
  locales: [
    fileURLToPath(new URL('./locales/', import.meta.url)),
    fileURLToPath(new URL('./custody/locales/', import.meta.url)),
    fileURLToPath(new URL('./pages/locales/', import.meta.url)),
    fileURLToPath(new URL('./footage/locales/', import.meta.url)),
  ],
  nav: [
    { label: 'ob.nav.book', href: '/staff/ob', roles: deskRoles },
    {
      label: 'ob.nav.book',
      href: '/staff/ob',
      roles: ['ig_office', 'investigator', 'oversight_liaison'],
      units: ['IAU', 'IPOA'],
    },
  ],
  routes: [
    obApiRoutes,
    logTileRoutes,
    logProofRoutes,
    custodyApiRoutes,
    custodyPageRoutes,
    obPageRoutes,
    slipRoutes,
    verifyPageRoutes,
    verifyApiRoutes,
    footageApiRoutes,
    footageStaffRoutes,
    footageUploadRoutes,
  ],
  settings: [logSettings, footageSettings],
  jobs: (platform) => [...custodyJobs(platform), logIntegratorJob(platform), footageUploadsSweepJob(platform)],
  extensions: [caseSources.provide('ob', entriesOnCase)],
  scale: scaleOb,
};
