/** Plain words for what happened to a payment, in English and Kiswahili. */
export interface ResultWords {
  en: string;
  sw: string;
}

/** Daraja's STK result codes in words a payer understands (the fines pages show them). */
export const darajaResultWords: Readonly<Record<number, ResultWords>> = {
  0: { en: 'Paid.', sw: 'Imelipwa.' },
  1: {
    en: 'There was not enough money in the M-Pesa account.',
    sw: 'Salio la M-Pesa halikutosha.',
  },
  17: {
    en: 'The same amount was paid from this phone a moment ago. Wait two minutes before trying again.',
    sw: 'Kiasi hicho hicho kimelipwa kutoka simu hii punde tu. Subiri dakika mbili kabla ya kujaribu tena.',
  },
  1019: {
    en: 'The payment request expired before it was answered. Try again.',
    sw: 'Ombi la malipo liliisha muda kabla ya kujibiwa. Jaribu tena.',
  },
  1025: {
    en: 'M-Pesa could not send the payment request to the phone. Try again.',
    sw: 'M-Pesa haikuweza kutuma ombi la malipo kwenye simu. Jaribu tena.',
  },
  1032: {
    en: 'The payment was cancelled on the phone.',
    sw: 'Malipo yalisitishwa kwenye simu.',
  },
  1037: {
    en: 'The phone could not be reached. Check that it is on and has network, then try again.',
    sw: 'Simu haikupatikana. Hakikisha imewashwa na ina mtandao, kisha ujaribu tena.',
  },
  2001: {
    en: 'The M-Pesa PIN entered was wrong.',
    sw: 'PIN ya M-Pesa iliyoingizwa haikuwa sahihi.',
  },
  2028: {
    en: 'M-Pesa refused the request because of the paybill settings. Nothing was paid.',
    sw: 'M-Pesa ilikataa ombi kwa sababu ya mipangilio ya paybill. Hakuna kilicholipwa.',
  },
};

/** Any other code: nothing known beyond that it was not paid. */
export const darajaResultFallback: ResultWords = {
  en: 'M-Pesa did not complete the payment. Nothing was paid.',
  sw: 'M-Pesa haikukamilisha malipo. Hakuna kilicholipwa.',
};

/** While the payer has not yet answered the prompt on the phone (a query's resultCode null). */
export const darajaPendingWords: ResultWords = {
  en: 'Waiting for the payment to be confirmed on the phone.',
  sw: 'Inasubiri malipo yathibitishwe kwenye simu.',
};

/** The words for a result code (null: still waiting). */
export function darajaResultText(resultCode: number | null): ResultWords {
  if (resultCode === null) return darajaPendingWords;
  return darajaResultWords[resultCode] ?? darajaResultFallback;
}

/** C2B validation rejections Daraja knows. */
export const C2B_REJECTIONS = {
  C2B00011: 'Invalid MSISDN',
  C2B00012: 'Invalid Account Number',
  C2B00013: 'Invalid Amount',
  C2B00014: 'Invalid KYC Details',
  C2B00015: 'Invalid Shortcode',
  C2B00016: 'Other Error',
} as const;

export type C2bRejection = keyof typeof C2B_REJECTIONS;

/** What Sauti answers a C2B validation request: accept, or reject with one of Daraja's codes. */
export function c2bValidationAnswer(decision: 'accept' | C2bRejection): { ResultCode: string; ResultDesc: string } {
  if (decision === 'accept') return { ResultCode: '0', ResultDesc: 'Accepted' };
  return { ResultCode: decision, ResultDesc: C2B_REJECTIONS[decision] };
}
