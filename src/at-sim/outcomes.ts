import { randomBytes } from 'node:crypto';

/** The statuses of Africa's Talking's delivery reports. */
export type ReportStatus = 'Sent' | 'Submitted' | 'Buffered' | 'Rejected' | 'Success' | 'Failed';

/** Africa's Talking's per-recipient statusCodes in the answer to a send, with the name each stands for. */
export const AT_STATUS_CODES: Readonly<Record<number, string>> = {
  100: 'Processed',
  101: 'Sent',
  102: 'Queued',
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

export interface ReportStep {
  status: ReportStatus;
  /** when it is POSTed, in multiples of deliveryDelayMs after the send */
  after: number;
  failureReason?: string;
  retryCount?: number;
}

/**
 * The simulator's number scheme: the last four digits of a recipient's number choose what becomes of a message
 * sent to it. Any other number is delivered. The README's table is this list.
 */
export interface SmsOutcome {
  /** the number's last four digits; '' for every other number */
  ending: string;
  /** the recipient's statusCode in the answer to the send; only 100 to 102 are accepted */
  statusCode: number;
  /** the delivery reports POSTed for an accepted message, in order */
  reports: readonly ReportStep[];
  /** the whole request answers HTTP 500 the first time the number is in it, and is accepted when tried again */
  transientFailure?: true;
  meaning: string;
}

const DELIVERED: readonly ReportStep[] = [{ status: 'Success', after: 1 }];

export const SMS_OUTCOMES: readonly SmsOutcome[] = [
  { ending: '0403', statusCode: 403, reports: [], meaning: 'refused at the send: InvalidPhoneNumber, no report' },
  { ending: '0406', statusCode: 406, reports: [], meaning: 'refused at the send: UserInBlacklist, no report' },
  {
    ending: '0500',
    statusCode: 101,
    reports: DELIVERED,
    transientFailure: true,
    meaning: 'the whole request answers HTTP 500 the first time, then is accepted and delivered',
  },
  {
    ending: '0001',
    statusCode: 101,
    reports: [{ status: 'Failed', after: 1, failureReason: 'DeliveryFailure' }],
    meaning: 'accepted, then reported Failed (DeliveryFailure)',
  },
  {
    ending: '0002',
    statusCode: 101,
    reports: [{ status: 'Rejected', after: 1, failureReason: 'UserInBlackList' }],
    meaning: 'accepted, then reported Rejected (UserInBlackList)',
  },
  {
    ending: '0003',
    statusCode: 101,
    reports: [
      { status: 'Buffered', after: 1 },
      { status: 'Success', after: 10, retryCount: 1 },
    ],
    meaning: 'reported Buffered, then Success late (10 times the delay)',
  },
  {
    ending: '0004',
    statusCode: 101,
    reports: [
      { status: 'Success', after: 1 },
      { status: 'Success', after: 1 },
    ],
    meaning: 'delivered, and the Success report comes twice',
  },
  {
    ending: '0005',
    statusCode: 101,
    reports: [
      { status: 'Sent', after: 1 },
      { status: 'Success', after: 2 },
    ],
    meaning: 'reported Sent, then Success (twice the delay)',
  },
];

export const DELIVERED_OUTCOME: SmsOutcome = { ending: '', statusCode: 101, reports: DELIVERED, meaning: 'delivered' };

/** An international number as Africa's Talking takes it: +, then the country code and number. */
export const INTERNATIONAL_NUMBER = /^\+[1-9]\d{7,14}$/;

const INVALID_NUMBER: SmsOutcome = {
  ending: '',
  statusCode: 403,
  reports: [],
  meaning: 'not an international number',
};

export function outcomeFor(number: string): SmsOutcome {
  if (!INTERNATIONAL_NUMBER.test(number)) return INVALID_NUMBER;
  return SMS_OUTCOMES.find((outcome) => number.endsWith(outcome.ending)) ?? DELIVERED_OUTCOME;
}

/** The Kenyan network a number belongs to by its prefix (simplified): Airtel 63903, Telkom 63907, else Safaricom 63902. */
export function networkCodeFor(number: string): string {
  if (/^\+254(73|75|78|10)/.test(number)) return '63903';
  if (/^\+25477/.test(number)) return '63907';
  return '63902';
}

/** A message id like Africa's Talking's: ATXid_ and hex. */
export function messageId(): string {
  return `ATXid_${randomBytes(16).toString('hex')}`;
}

/** A USSD session id like Africa's Talking's: ATUid_ and hex. */
export function ussdSessionId(): string {
  return `ATUid_${randomBytes(16).toString('hex')}`;
}
