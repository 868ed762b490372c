/**
 * Why a call to Daraja did not give what was asked:
 * - `off`: DARAJA_BASE_URL is not set, payments by M-Pesa are off;
 * - `invalid`: the input was wrong before anything was sent (`field` names it);
 * - `refused`: Daraja answered with its error (`errorCode`, `errorMessage`), e.g. 400.002.02 Invalid BusinessShortCode;
 * - `unauthorized`: Daraja refused the credentials, or the token again after a fresh one;
 * - `timeout`: no answer within DARAJA_TIMEOUT_MS (the request may still have been carried out);
 * - `unreachable`: no connection;
 * - `unexpected`: an answer Sauti cannot read.
 */
export type DarajaErrorKind = 'off' | 'invalid' | 'refused' | 'unauthorized' | 'timeout' | 'unreachable' | 'unexpected';

export interface DarajaErrorDetails {
  status?: number | undefined;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  requestId?: string | undefined;
  field?: string | undefined;
}

/** What went wrong talking to Daraja. Messages never carry credentials, tokens or passwords. */
export class DarajaError extends Error {
  override readonly name = 'DarajaError';
  readonly kind: DarajaErrorKind;
  /** The HTTP status Daraja answered with, when it answered. */
  readonly status: number | undefined;
  /** Daraja's errorCode (e.g. "400.002.02", "500.001.1001"), or a ResponseCode other than "0". */
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly requestId: string | undefined;
  /** For `invalid`: the input field that was wrong. */
  readonly field: string | undefined;

  constructor(kind: DarajaErrorKind, message: string, details: DarajaErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMessage = details.errorMessage;
    this.requestId = details.requestId;
    this.field = details.field;
  }
}
