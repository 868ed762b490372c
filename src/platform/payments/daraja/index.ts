export {
  darajaClient,
  type C2bRegistered,
  type C2bRegistration,
  type DarajaClient,
  type DarajaClientOptions,
  type StkPushAccepted,
  type StkPushInput,
  type StkQueryResult,
} from './client.ts';
export {
  parseC2bRequest,
  parseStkCallback,
  type C2bRequest,
  type Parsed,
  type StkCallback,
  type StkCallbackMetadata,
} from './callbacks.ts';
export { DarajaError, type DarajaErrorKind } from './errors.ts';
export { C2B_FORBIDDEN_WORDS, DARAJA_PHONE } from './input.ts';
export {
  C2B_REJECTIONS,
  c2bValidationAnswer,
  darajaPendingWords,
  darajaResultFallback,
  darajaResultText,
  darajaResultWords,
  type C2bRejection,
  type ResultWords,
} from './result-words.ts';
export {
  DarajaCredentials,
  darajaSettings,
  darajaSettingsFor,
  readDarajaSettings,
  type DarajaSettings,
} from './settings.ts';
export { DARAJA_ZONE, darajaTimestamp, parseDarajaTimestamp } from './timestamp.ts';
export { TOKEN_MARGIN_MS } from './token.ts';
