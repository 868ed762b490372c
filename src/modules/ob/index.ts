/** The Occurrence Book's public face: what other modules may call. */
export { recordEntry, slipCode, type RecordedEntry } from './service.ts';
export { stationDay, entryOf } from './book.ts';
export { closeDay } from './day-close.ts';
export { formatObNumber, parseObNumber, type ObNumber } from './ob-number.ts';
export { slipSms } from './slip/sms.ts';
export { entryForDocument, entryForSlip, type EntryForDocument } from './documents.ts';
export { checkSlip, normaliseCode, type SlipCheck } from './slip/verify.ts';
export { deskRoles, keepsABook, keepsBookOf, commands } from './permissions.ts';
export type { EntryKind } from './entry-input.ts';
export { SlipFields } from './pages/verify.tsx';
export { evidenceOfEntry, evidenceOfLeaf, logTrust } from './log/index.ts';
export { entriesForDocumentsIn, entryIdSpan, type ScaleEntryColumn } from './scale-store.ts';
