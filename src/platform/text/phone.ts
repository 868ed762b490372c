/** A Kenyan mobile number as typed (07…, 01…, 2547…, +2541…, with spaces, dashes or brackets): "+2547XXXXXXXX". */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s()-]/g, '');
  const m = /^(?:\+?254|0)([17]\d{8})$/.exec(digits);
  return m ? `+254${m[1]}` : undefined;
}
