import { codeLookup } from '../../../platform/http/code-lookups.ts';
import type { Platform } from '../../../platform/module.ts';

/** The guard of a look-up by a notice's link key or number plate: guesses count against the notice its number names. */
export const noticeLookup = (platform: Platform, from: 'body' | 'params' | 'query') =>
  codeLookup(platform, 'fines.notice', { reference: { from, fields: ['number'] } });
