/** The IG's office registry's public face: signed delivery receipts, their PDF, and how others' submissions are found. */
export {
  RECEIPT_ATTACHMENT,
  RECEIPT_FORMAT,
  RECEIPT_ISSUER,
  canonicalReceiptBytes,
  checkReceiptOffline,
  parseReceipt,
  receiptKind,
  receiptReasons,
  signReceipt,
  verifyReceiptSignature,
  type ReceiptCheck,
  type ReceiptClaims,
  type ReceiptReason,
  type SignedReceipt,
} from './receipts.ts';
export { checkReceipt, receiptLookups, type ReceiptLookup } from './lookups.ts';
export { receiptFromPdf, receiptPdf } from './pdf.ts';
