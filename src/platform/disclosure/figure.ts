/** How small a count may be published: counts from 1 to k - 1 are shown only as "fewer than k". */
export interface DisclosureRule {
  readonly k: number;
}

/** Named rules: `custody` is for any figure about persons in custody. */
export const rules = {
  standard: { k: 5 },
  custody: { k: 10 },
} as const satisfies Record<string, DisclosureRule>;

/** Why a figure is hidden: a count from 1 to k - 1, or a figure withheld to protect one. */
export type HiddenReason = 'small' | 'withheld';

/** A count as published: the number, or null and why. */
export type Figure = { count: number; suppressed: false } | { count: null; suppressed: true; reason: HiddenReason };

export const shown = (count: number): Figure => ({ count, suppressed: false });
export const hidden = (reason: HiddenReason): Figure => ({ count: null, suppressed: true, reason });

/** A total that is shown only when all its parts are shown (then it says nothing they do not). */
export function totalOf(parts: readonly Figure[]): Figure {
  let sum = 0;
  for (const p of parts) {
    if (p.suppressed) return hidden('withheld');
    sum += p.count;
  }
  return shown(sum);
}
