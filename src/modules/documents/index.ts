/** Free police documents' public face: what the rest of Sauti may call. */
export { documentsModule } from './module.ts';
export { escalateWithheldRequests } from './escalation.ts';
export {
  documentVerifyUsage,
  evidenceInPdf,
  looksLikeDocument,
  sealInPdf,
  verifyDocumentCommand,
} from './verify-offline.ts';
export { documentsKey, trustList, type DocumentsKey } from './keys.ts';
export { checkCode } from './check-code.ts';
export { checkWithCode, normaliseDocumentNumber, type CodeCheck } from './verify/service.ts';
