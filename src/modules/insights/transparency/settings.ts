import { integer, ModuleSettings } from '../../../platform/settings/index.ts';

/** The public portal's settings: how small a count it hides, when a month is released, how fast a client may ask. */
export interface TransparencySettings {
  /** Counts from 1 to k - 1 are shown as "fewer than k" (TRANSPARENCY_MIN_COUNT, default 5). */
  k: number;
  /** The same for anything about persons in custody (TRANSPARENCY_MIN_CUSTODY_COUNT, default 10). */
  custodyK: number;
  /** Days after a month ends before its figures are released, so that most of its cases, fines and requests have moved on. */
  releaseDays: number;
  /** Requests one client address may make per second to the portal and its open data (at least police.uk's 15). */
  perSecond: number;
}

export const transparencySettings = new ModuleSettings<TransparencySettings>('transparency', (env, problems) => {
  const k = integer(env, 'TRANSPARENCY_MIN_COUNT', 5, problems, 2, 100);
  const custodyK = integer(env, 'TRANSPARENCY_MIN_CUSTODY_COUNT', Math.max(10, k), problems, 2, 100);
  if (custodyK < k) problems.push('TRANSPARENCY_MIN_CUSTODY_COUNT must be at least TRANSPARENCY_MIN_COUNT');
  return {
    k,
    custodyK,
    releaseDays: integer(env, 'TRANSPARENCY_RELEASE_DAYS', 7, problems, 0, 90),
    perSecond: integer(env, 'TRANSPARENCY_RATE_LIMIT', 20, problems, 1, 10_000),
  };
});
