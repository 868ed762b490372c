/** Receipts for paid notices: what the rest of the fines module links to or runs. */
export { issueDueReceipts, receiptHref, receiptNumber, FINES_RECEIPTS_QUEUE } from './service.ts';
