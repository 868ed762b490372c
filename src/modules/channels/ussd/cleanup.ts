import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { removeExpired } from './store.ts';

/** Sessions are removed once their time is up: what a caller typed is not kept beyond it. */
export function ussdCleanupJob(platform: Platform): AnyJobDefinition {
  return {
    queue: 'channels.ussd-cleanup',
    every: '*/5 * * * *',
    policy: 'singleton',
    run: async () => {
      await removeExpired(platform.db.pool, platform.clock.now());
    },
  };
}
