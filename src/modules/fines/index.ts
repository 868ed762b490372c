/** What other modules and the command line use of fines. */
export { noticeNumber, readNoticeNumber } from './notice-number.ts';
export { finesCommand, finesUsage } from './command.ts';
export { registerPaybillUrls } from './paybill/register.ts';
