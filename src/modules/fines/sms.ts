import type { Translate } from '../../platform/i18n/index.ts';
import { isGsm7, toGsm7 } from '../../platform/text/gsm7.ts';

// The notice as an SMS: how much, by when, the only paybill and account, never cash, and where to
// check that it is genuine. At most two messages of GSM-7 text.

export const NOTICE_SMS_MAX = 306;

export interface NoticeSmsParts {
  number: string;
  registration: string;
  amount: string;
  due: string;
  paybill: string;
  verifyUrl: string;
  link: string;
  kind: 'fine' | 'warning' | 'court';
}

export function noticeSmsText(t: Translate, parts: NoticeSmsParts): string {
  const text = t(`fines.sms.${parts.kind}`, { ...parts });
  const gsm = isGsm7(text) ? text : toGsm7(text);
  return gsm.length <= NOTICE_SMS_MAX ? gsm : toGsm7(t(`fines.sms.${parts.kind}Short`, { ...parts }));
}
