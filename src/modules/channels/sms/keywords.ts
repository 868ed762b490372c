import { stationsByTyping } from '../../../platform/db/reference-store.ts';
import { BadInput } from '../../../platform/http/errors.ts';
import { formatMoney, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import type { Platform } from '../../../platform/module.ts';
import { formatDate, formatDateTime } from '../../../platform/time/index.ts';
import { checkNotice } from '../../fines/index.ts';
import { checkSlip } from '../../ob/index.ts';

// The checks anyone can make by SMS, as on the web and the USSD menu: a fine notice by its number and number plate
// ("FINE 1234567890 KDA 123A"), an OB slip by station, OB number and the slip's code ("OB SALAMA 12/30/11/2026
// ABCD-EFGH"). The answer says what the web's check says, in one SMS.

export async function fineByKeyword(platform: Platform, t: Translate, language: Locale, rest: string): Promise<string> {
  const [number = '', ...plate] = rest.trim().split(/\s+/);
  if (!number || plate.length === 0) return t('channels.sms.fine.usage');
  let found;
  try {
    found = await checkNotice(platform, { number: number.replace(/\D/g, ''), registration: plate.join(' ') });
  } catch (error) {
    if (error instanceof BadInput) return t('channels.sms.fine.typo');
    throw error;
  }
  if (!found) return t('channels.sms.fine.none');
  const zone = platform.config.jurisdiction.timeZone;
  const due = found.amountCents - found.paidCents;
  const amount = formatMoney(language, due, platform.config.jurisdiction.currency);
  if (found.status === 'unpaid' && due > 0)
    return t('channels.sms.fine.unpaid', {
      number: found.number,
      amount,
      due: formatDate(language, found.dueAt, zone),
      paybill: found.paybill,
    });
  return t('channels.sms.fine.status', { number: found.number, status: t(`channels.sms.fine.is.${found.status}`) });
}

export async function obByKeyword(platform: Platform, t: Translate, language: Locale, rest: string): Promise<string> {
  const parts = rest.trim().split(/\s+/);
  if (parts.length < 3) return t('channels.sms.ob.usage');
  const code = parts.at(-1)!;
  const ob = parts.at(-2)!;
  const stations = await stationsByTyping(platform.db.pool, null, parts.slice(0, -2).join(' '), 2);
  if (stations.length !== 1) return t('channels.sms.ob.station');
  let found;
  try {
    found = await checkSlip(platform, { station: stations[0]!.id, ob, code });
  } catch (error) {
    if (error instanceof BadInput) return t('channels.sms.ob.usage');
    throw error;
  }
  if (!found) return t('channels.sms.ob.none');
  return t(found.amendments.length ? 'channels.sms.ob.amended' : 'channels.sms.ob.genuine', {
    ob: found.obNumber,
    station: found.station.name,
    at: formatDateTime(language, found.recordedAt, platform.config.jurisdiction.timeZone),
  });
}
