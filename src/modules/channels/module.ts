import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { smsDispatchJob, smsSettings } from '../../platform/sms/index.ts';
import { channelsRoutes } from './routes.ts';
import { ussdCleanupJob } from './ussd/cleanup.ts';

/** Feature phones: the USSD menu, and the SMS every module owes someone, sent and followed to delivery. */
export const channelsModule: SautiModule = {
  name: 'channels',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  settings: [smsSettings],
  routes: [channelsRoutes],
  jobs: (platform) => [smsDispatchJob(platform), ussdCleanupJob(platform)],
};
