import type { Locale, Translate } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { localDate, localTime } from '../../../platform/time/index.ts';
import { stationExists } from '../read-store.ts';
import { isGsm7, toGsm7 } from '../../../platform/text/gsm7.ts';

export { isGsm7, toGsm7 };

// The slip as an SMS for the complainant's phone: one message (at most 160 GSM-7 characters) with
// the station, the OB number, when it was recorded and how to check it.

export const SMS_MAX = 160;

export interface SlipSmsParts {
  stationName: string;
  obNumber: string;
  /** "30/11 10:20", in the jurisdiction's time */
  recorded: string;
  verifyUrl: string;
  code: string;
}

/** The message, shortened (the address's scheme, then the station's name) until it fits one SMS. */
export function slipSmsText(t: Translate, parts: SlipSmsParts): string {
  const url = parts.verifyUrl;
  const bare = url.replace(/^https?:\/\//, '');
  const name = toGsm7(parts.stationName);
  const attempts = [
    { station: name, url },
    { station: name, url: bare },
    { station: name.split(' ')[0] ?? '', url: bare },
    { station: '', url: bare },
  ];
  for (const attempt of attempts) {
    const key = attempt.station ? 'ob.slip.sms' : 'ob.slip.smsShort';
    const text = toGsm7Keeping(t(key, { ...parts, station: attempt.station, url: attempt.url }));
    if (text.length <= SMS_MAX) return text;
  }
  // an address too long for any message: the number and the code, which the slip's check asks for
  return toGsm7Keeping(t('ob.slip.smsBare', { ...parts })).slice(0, SMS_MAX);
}

/** The template's own text in GSM-7 (Kiswahili and English need nothing else). */
const toGsm7Keeping = (text: string) => (isGsm7(text) ? text : toGsm7(text));

interface SlipEntry {
  stationId: string;
  obNumber: string;
  recordedAt: Date;
  slipCode: string;
}

/** The slip's SMS for a recorded entry at a station whose name is known, in the complainant's language. */
export function slipSmsAt(platform: Platform, stationName: string, entry: SlipEntry, locale: Locale): string {
  const zone = platform.config.jurisdiction.timeZone;
  const [, month, day] = localDate(entry.recordedAt, zone).split('-');
  return slipSmsText(platform.i18n.translator(locale), {
    stationName,
    obNumber: entry.obNumber,
    recorded: `${day}/${month} ${localTime(entry.recordedAt, zone)}`,
    verifyUrl: `${platform.config.publicUrl}/ob/verify`,
    code: entry.slipCode,
  });
}

/** The slip's SMS for a recorded entry, in the complainant's language. */
export async function slipSms(platform: Platform, entry: SlipEntry, locale: Locale): Promise<string> {
  const station = await stationExists(platform.db.pool, entry.stationId);
  return slipSmsAt(platform, station?.name ?? entry.stationId, entry, locale);
}
