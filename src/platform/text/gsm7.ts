// Text for SMS: the GSM 03.38 default alphabet fits 160 characters a message (70 for anything else).

// the GSM 03.38 default alphabet (without its extension table): such a text fits 160 characters a message
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsm7 = new Set(GSM7);

export const isGsm7 = (text: string) => [...text].every((c) => gsm7.has(c));

/** A name in GSM-7: accents dropped where the letter has no GSM form, other characters left out. */
export function toGsm7(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    if (gsm7.has(c)) out += c;
    else {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].filter((b) => gsm7.has(b)).join('');
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

const PLAIN: Record<string, string> = {
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
};
const TYPOGRAPHIC = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'g');

/**
 * An SMS body with the typographic characters formatting and keyboards bring (no-break spaces in amounts, curly
 * quotes, dashes, ellipses) made plain, so that a text otherwise in GSM-7 is sent as GSM-7 (160 characters a
 * message, not 70).
 */
export const plainForSms = (text: string): string => text.replace(TYPOGRAPHIC, (c) => PLAIN[c]!);
