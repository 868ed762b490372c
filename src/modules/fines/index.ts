/** What other modules and the command line use of fines. */
export { noticeNumber, readNoticeNumber } from './notice-number.ts';
