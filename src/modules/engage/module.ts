import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { loadEngageDemo } from './demo.ts';
import { canModerate, canRunConsole, consoleRoles, moderationRoles } from './permissions.ts';
import { channelRoutes } from './channels/routes.ts';
import { channelSettings } from './channels/settings.ts';
import { caseSources } from '../cases/index.ts';
import { consoleRoutes, questionOnCase } from './console/routes.ts';
import { publicCommitmentRoutes, staffCommitmentRoutes } from './console/commitment-routes.ts';
import { liveRoutes } from './live/routes.ts';
import { moderationRoutes } from './moderation/routes.ts';
import { questionApiRoutes, sessionApiRoutes } from './questions/api-routes.ts';
import { publicQuestionRoutes } from './questions/routes.ts';
import { scheduleRoutes } from './schedule/routes.ts';
import { engageJobs } from './schedule/generation.ts';
import { xPollJob } from './channels/x-job.ts';
import { scaleEngage } from './scale-store.ts';
import { summaryRoutes } from './summary/routes.ts';

/** #EngageTheIG: live public sessions with the Inspector General. */
export const engageModule: SautiModule = {
  name: 'engage',
  permissions: {
    'moderate questions': canModerate,
    "run the IG's console, the schedule and commitments": canRunConsole,
  },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  // a question's words and who asked are fixed once asked (the asker's sealed number is only erased); the live-event
  // buffer is pruned, never rewritten
  tables: {
    engage_questions: {
      update: ['status', 'topic', 'case_id', 'case_reference', 'cluster_id', 'upvotes', 'reply_to_sealed'],
    },
    engage_events: { delete: true },
  },
  locales: ['./locales/', './channels/locales/', './summary/locales/'].map((dir) =>
    fileURLToPath(new URL(dir, import.meta.url)),
  ),
  nav: [
    { label: 'engage.nav.queue', href: '/staff/engage', roles: moderationRoles },
    { label: 'engage.nav.console', href: '/staff/engage/console', roles: consoleRoles },
    { label: 'engage.nav.schedule', href: '/staff/engage/schedule', roles: consoleRoles },
    { label: 'engage.nav.commitments', href: '/staff/engage/commitments', roles: consoleRoles },
  ],
  home: [
    { title: 'engage.home.ask.title', body: 'engage.home.ask.body', href: '/engage' },
    { title: 'engage.home.commitments.title', body: 'engage.home.commitments.body', href: '/engage/commitments' },
  ],
  routes: [
    publicQuestionRoutes,
    publicCommitmentRoutes,
    moderationRoutes,
    consoleRoutes,
    scheduleRoutes,
    staffCommitmentRoutes,
    sessionApiRoutes,
    questionApiRoutes,
    liveRoutes,
    summaryRoutes,
    channelRoutes,
  ],
  jobs: (platform) => [...engageJobs(platform), xPollJob(platform)],
  settings: [channelSettings],
  extensions: [caseSources.provide('engage', questionOnCase)],
  demo: loadEngageDemo,
  scale: scaleEngage,
};
