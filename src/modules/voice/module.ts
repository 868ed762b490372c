import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { caseSources } from '../cases/index.ts';
import { receiptLookups } from '../registry/index.ts';
import { loadVoiceDemo } from './demo.ts';
import { voiceJobs } from './escalation.ts';
import { storedHash } from './index.ts';
import {
  canReadSignals,
  canWrite,
  hasInbox,
  inboxRoles,
  isIdentityCustodian,
  isRegistry,
  mayAcknowledgeAny,
  signalsRoles,
  writerRoles,
} from './permissions.ts';
import { letterOnCase, officerRoutes, registryRoutes } from './routes.ts';
import { signalsRoutes } from './signals/routes.ts';
import { voiceSettings } from './settings.ts';

/** Officer Voice: officers' letters to the IG's office, with signed receipts and a clock. */
export const voiceModule: SautiModule = {
  name: 'voice',
  permissions: {
    "write to the IG's office": canWrite,
    'have an inbox of letters': hasInbox,
    'acknowledge letters': mayAcknowledgeAny,
    'act as the registry (assign, decide resignations)': isRegistry,
    "see protected writers' names": isIdentityCustodian,
    'read the welfare signals': canReadSignals,
  },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  // who a letter names: the walls are built from it
  tables: { voice_named_officers: 'append-only' },
  locales: [
    fileURLToPath(new URL('./locales/', import.meta.url)),
    fileURLToPath(new URL('./signals/locales/', import.meta.url)),
  ],
  nav: [
    { label: 'voice.nav.mine', href: '/voice', roles: writerRoles },
    { label: 'voice.signals.nav', href: '/staff/voice/signals', roles: signalsRoles },
    {
      label: 'voice.nav.inbox',
      href: '/staff/voice',
      roles: inboxRoles,
      units: ['IAU', 'DCI', 'GENDER', 'COUNSELLING', 'NPSC'],
    },
  ],
  hashColumns: {
    files: [{ table: 'voice_attachments', column: 'sha256' }],
    notFiles: [{ table: 'voice_submissions', column: 'sha256' }],
  },
  routes: [officerRoutes, registryRoutes, signalsRoutes],
  // the verification page checks a receipt's hash against the stored letter
  settings: [voiceSettings],
  extensions: [receiptLookups.provide('IGR', storedHash), caseSources.provide('voice', letterOnCase)],
  jobs: voiceJobs,
  demo: loadVoiceDemo,
};
