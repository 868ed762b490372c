import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import type { Platform } from '../../platform/module.ts';
import * as voice from './index.ts';

const DAY = 24 * 3600_000;

/**
 * The Mombasa traffic officer of the source articles: a resignation request the registry
 * acknowledged, and a harassment complaint left past its clock.
 */
export async function loadVoiceDemo(platform: Platform): Promise<void> {
  const officerRow = await findUserByUsername(platform.db.pool, 'officer.mombasa');
  const registryRow = await findUserByUsername(platform.db.pool, 'ig.office');
  if (!officerRow || !registryRow) return;
  const officer = toActor(officerRow);
  const now = platform.clock.now().getTime();
  const resignation = await voice.submit(
    platform,
    officer,
    {
      kind: 'resignation',
      subject: 'Request to resign from the National Police Service',
      body: 'I have written three times through my station and none of my letters reached your office. I request to resign with effect from the end of next month.',
    },
    new Date(now - 12 * DAY),
  );
  await voice.acknowledge(platform, toActor(registryRow), resignation.registryNumber, new Date(now - 10 * DAY));
  await voice.submit(
    platform,
    officer,
    {
      kind: 'harassment',
      subject: 'Harassment and demands for money at the traffic base',
      body: 'Officers who refuse to collect money at the roadblocks are threatened with transfers. Two colleagues have taken their own lives this year.',
      protectIdentity: 'yes',
    },
    new Date(now - 9 * DAY),
  );
}
