import type { JobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { BackgroundIntegrator, integrateNow } from './integrator.ts';
import { WitnessSender } from './witnessing.ts';

export const LOG_QUEUE = 'ob.log-integrate';

/**
 * Every serving instance integrates queued entries into the national log continuously, and sends its
 * checkpoints to the witnesses, from when its job workers start until they stop; the database lets one
 * instance at a time grow the tree. The queue's own jobs (Sauti sends none) integrate once, on request.
 */
export function logIntegratorJob(platform: Platform): JobDefinition {
  const integrator = new BackgroundIntegrator(platform);
  const witnesses = new WitnessSender(platform);
  return {
    queue: LOG_QUEUE,
    policy: 'singleton',
    async started() {
      integrator.start();
      witnesses.start();
    },
    stopping() {
      void integrator.stop();
      void witnesses.stop();
    },
    run: async () => {
      await integrateNow(platform);
    },
  };
}
