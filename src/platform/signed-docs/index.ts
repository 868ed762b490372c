/**
 * Offline-verifiable documents: claims as CBOR, signed as COSE_Sign1 (Ed25519), zlib, Base45, in
 * one QR code. This is the Node entry; a browser bundle imports `./browser.ts` instead.
 */
export * from './node.ts';
export {
  DOCUMENT_PREFIX,
  MAX_SIGN1_BYTES,
  MAX_TEXT_CHARS,
  REFUSALS,
  TrustListError,
  type DocumentSigner,
  type OpenResult,
  type Refusal,
  type TrustList,
  type TrustedKey,
} from './qr-text.ts';
export { DOCUMENT_KINDS, DocumentPayloadError, type DocumentClaims, type DocumentKind } from './document-payload.ts';
