/** What other modules and the command line use of fines. */
import type { Platform } from '../../platform/module.ts';
import { daraja } from './payments.ts';

export { noticeNumber, printedNoticeNumber, readNoticeNumber } from './notice-number.ts';
export { finesCommand, finesUsage } from './command.ts';
export { registerPaybillUrls } from './paybill/register.ts';
export { checkNotice, type NoticeCheck } from './service.ts';
export { payCheckedByStk } from './payments.ts';

/** Whether a notice can be paid by an STK push here (Daraja is set up); else only at the paybill. */
export const stkPushAvailable = (platform: Platform): boolean => daraja(platform).enabled;
