/** How many parts a message is sent in, and what it costs, as Africa's Talking counts them. */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿' +
  'abcdefghijklmnopqrstuvwxyzäöñüà';
/** each of these takes two septets (an escape, then the character) */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

export const PART_PRICE_KES = 0.8;

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** septets (GSM-7) or UTF-16 code units (UCS-2) */
  units: number;
  parts: number;
}

function gsm7Septets(text: string): number | undefined {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else return undefined;
  }
  return septets;
}

/** GSM-7: 160 in one part, 153 a part when concatenated; otherwise UCS-2: 70, then 67 a part. */
export function smsLength(text: string): SmsLength {
  const septets = gsm7Septets(text);
  if (septets !== undefined) {
    return { encoding: 'GSM-7', units: septets, parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length;
  return { encoding: 'UCS-2', units, parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Africa's Talking's way of writing an amount: "KES 0.8000". */
export function kes(amount: number): string {
  return `KES ${amount.toFixed(4)}`;
}
