/**
 * The X poller as a chain of jobs: each pass is a job on a 'stately' queue, so at most one pass
 * runs across all instances (and at most one waits), and each pass sends the next after the wait
 * it computed. A pass that crashes is retried by pg-boss once it expires; nothing else holds a
 * lease. Every instance with workers sends a first pass when it starts (dropped when one already
 * waits), so the chain survives restarts. Without a bearer token nothing is sent.
 */
import type { JobDefinition } from '../../../platform/jobs/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { XPoller, type XStep } from './x.ts';
import { channelSettings } from './settings.ts';

export const X_POLL_QUEUE = 'engage.x-poll';
/** A pass running longer is taken for crashed (ten pages of requests of at most 10 s fit well within). */
const PASS_EXPIRES_SECONDS = 5 * 60;

export interface XPassData {
  /** Failures in a row before this pass. */
  failures?: number;
}

/** The poller this instance runs passes with; undefined without a bearer token. */
export function configuredXPoller(platform: Platform): XPoller | undefined {
  const x = platform.config.settings.of(channelSettings).x;
  const bearerToken = x.bearerToken;
  if (!bearerToken) return undefined;
  return new XPoller(platform, {
    bearerToken,
    apiUrl: x.apiUrl,
    pollMs: x.pollSeconds * 1000,
    log: platform.log.child({ job: X_POLL_QUEUE }),
  });
}

/** One pass, then the next sent after its wait (at once when this instance stopped mid-pass: another takes it). */
export async function runXPass(platform: Platform, poller: XPoller, data: XPassData): Promise<XStep> {
  const step = await poller.pass(data.failures ?? 0);
  const next: XPassData = { failures: step.failures };
  await platform.jobs.sendIn(platform.db.pool, X_POLL_QUEUE, next, poller.stopped ? 0 : step.delayMs / 1000);
  return step;
}

export function xPollJob(platform: Platform): JobDefinition<XPassData> {
  let poller: XPoller | undefined;
  return {
    queue: X_POLL_QUEUE,
    policy: 'stately',
    expireInSeconds: PASS_EXPIRES_SECONDS,
    async started() {
      poller = configuredXPoller(platform);
      if (poller) await platform.jobs.sendIn(platform.db.pool, X_POLL_QUEUE, { failures: 0 });
    },
    stopping() {
      poller?.stop();
    },
    run: async (data) => {
      if (poller) await runXPass(platform, poller, data);
    },
  };
}
