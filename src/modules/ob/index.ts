/** The Occurrence Book's public face: what other modules may call. */
export { recordEntry, slipCode, type RecordedEntry } from './service.ts';
export { stationDay, entryOf } from './book.ts';
export { closeDay } from './day-close.ts';
export { formatObNumber, parseObNumber, type ObNumber } from './ob-number.ts';
export { slipSms } from './slip/sms.ts';
