import type { Platform } from '../../platform/module.ts';
import { openNumber, type SmsToSend } from '../../platform/sms/index.ts';
import { isGsm7, toGsm7 } from '../../platform/text/gsm7.ts';
import { formatObNumber } from '../ob/index.ts';
import { checkCode } from './check-code.ts';
import type { IssuedDocument } from './service.ts';
import type { RequestRow } from './store.ts';

// The SMS a requester who gave a number is owed when their request is settled: the document is ready (where to
// get it and how to check it), or it was refused (why, and where to report it).

const ONE_SMS = 160;
const SMS_MAX = 306;
const gsm = (text: string) => (isGsm7(text) ? text : toGsm7(text));

const to = (platform: Platform, sealed: Buffer) => openNumber(platform.config.secret, sealed);

/** One message where it fits: the addresses lose their scheme, then the check's address goes (its code stays). */
export function readySms(platform: Platform, request: RequestRow, doc: IssuedDocument, sealed: Buffer): SmsToSend {
  const t = platform.i18n.translator(request.language);
  const { publicUrl, secret } = platform.config;
  const text = (key: string, url: string) =>
    gsm(
      t(key, {
        kind: t(`documents.sms.kind.${doc.kind}`),
        number: doc.number,
        followUrl: `${url}/documents/follow`,
        verifyUrl: `${url}/documents/verify`,
        code: checkCode(secret, doc.number),
      }),
    );
  const bare = publicUrl.replace(/^https?:\/\//, '');
  const tries = [text('documents.sms.ready', publicUrl), text('documents.sms.ready', bare)];
  return {
    key: `documents.ready:${request.id}`,
    purpose: 'documents.ready',
    to: to(platform, sealed),
    body: tries.find((body) => body.length <= ONE_SMS) ?? text('documents.sms.readyShort', bare),
    language: request.language,
  };
}

/** The refusal with its reason, cut short to fit two messages. */
export function refusedSms(platform: Platform, request: RequestRow, reason: string, sealed: Buffer): SmsToSend {
  const t = platform.i18n.translator(request.language);
  const text = (why: string) =>
    gsm(
      t('documents.sms.refused', {
        kind: t(`documents.sms.kind.${request.kind}`),
        ob: formatObNumber({ day: request.ob_day, number: request.ob_number }),
        reason: why,
        reportUrl: `${platform.config.publicUrl}/report`,
      }),
    );
  const room = SMS_MAX - text('').length;
  const why = gsm(reason);
  return {
    key: `documents.refused:${request.id}`,
    purpose: 'documents.refused',
    to: to(platform, sealed),
    body: text(why.length <= room ? why : `${why.slice(0, Math.max(0, room - 3))}...`),
    language: request.language,
  };
}
