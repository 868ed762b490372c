/**
 * Small-count protection for the welfare signals: which counts may be shown, which must be hidden.
 * Pure functions over numbers; no SQL, no HTTP.
 *
 * 1. A count from 1 to THRESHOLD - 1 is hidden as "small" (shown as "fewer than 5"); 0 is shown.
 * 2. A total (of a row, of a column, or a sub-total) is shown only when every figure it adds up is
 *    shown, so it never tells more than the figures under it.
 * 3. One kind's letters are counted several complete ways (by month, by county, by acknowledgement,
 *    resignations by outcome): each way adds up to the same total, so a way shown whole would give
 *    away that total, and with it the sum of the hidden figures of the other ways. When a kind has
 *    any hidden figure, its total is withheld and every way of it that would otherwise be whole
 *    has its smallest non-zero figure withheld too.
 * 4. Then an exact check: from everything shown (including that a withheld figure is at least 5
 *    and at most the smallest figure left shown beside it), each "small" figure must still have at
 *    least two possible values. While one has only one, another figure is withheld; if nothing is
 *    left to withhold, every figure of the population is withheld, zeros included.
 */

export const THRESHOLD = 5;

/** Why a figure is hidden: a count from 1 to 4, or a figure withheld to protect one. */
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

type State = HiddenReason | null;

interface LineBounds {
  /** Sum of the figures shown. */
  shown: number;
  /** What the hidden figures can add up to, as far as a reader can tell. */
  lo: number;
  hi: number;
}

function lineBounds(values: readonly number[], states: readonly State[]): LineBounds {
  let shownSum = 0;
  // a withheld figure is the smallest non-zero one of its line when it was chosen: at most any still shown
  let cap = Infinity;
  values.forEach((v, i) => {
    if (states[i] === null) {
      shownSum += v;
      if (v > 0) cap = Math.min(cap, v);
    }
  });
  let lo = 0;
  let hi = 0;
  states.forEach((s) => {
    if (s === 'small') {
      lo += 1;
      hi += THRESHOLD - 1;
    } else if (s === 'withheld') {
      lo += THRESHOLD;
      hi += cap;
    }
  });
  return { shown: shownSum, lo, hi };
}

/**
 * The first "small" figure a reader could pin to a single value, given the figures shown, the
 * bounds of the hidden ones, and that every line adds up to the same total (known when `total`
 * is given).
 */
export function firstPinned(
  lines: readonly (readonly number[])[],
  states: readonly (readonly State[])[],
  total?: number,
): { line: number; cell: number } | undefined {
  const bounds = lines.map((values, l) => lineBounds(values, states[l]!));
  const tMin = total ?? Math.max(...bounds.map((b) => b.shown + b.lo));
  const tMax = total ?? Math.min(...bounds.map((b) => b.shown + b.hi));
  for (const [l, b] of bounds.entries()) {
    for (const [i, s] of states[l]!.entries()) {
      if (s !== 'small') continue;
      // this figure = total - shown - (the line's other hidden figures)
      const lo = Math.max(1, tMin - b.shown - (b.hi - (THRESHOLD - 1)));
      const hi = Math.min(THRESHOLD - 1, tMax - b.shown - (b.lo - 1));
      if (hi <= lo) return { line: l, cell: i };
    }
  }
  return undefined;
}

/** Withholds the smallest non-zero figure still shown in the line; false when there is none. */
function withholdSmallest(values: readonly number[], states: State[]): boolean {
  let pick = -1;
  values.forEach((v, i) => {
    if (states[i] === null && v > 0 && (pick < 0 || v < values[pick]!)) pick = i;
  });
  if (pick < 0) return false;
  states[pick] = 'withheld';
  return true;
}

export interface ProtectedPopulation {
  /** Each line's figures, in the order given. */
  lines: Figure[][];
  /** The population's total (what every line adds up to). */
  total: Figure;
}

/**
 * Protects one population (e.g. one kind's letters over the period) counted several complete
 * ways: every line must add up to the same total.
 */
export function protectPopulation(lines: readonly (readonly number[])[]): ProtectedPopulation {
  const states: State[][] = lines.map((line) => line.map((v) => (v > 0 && v < THRESHOLD ? 'small' : null)));
  const total = lines[0]?.reduce((a, b) => a + b, 0) ?? 0;
  const anyHidden = states.some((line) => line.some((s) => s !== null));
  if (anyHidden) {
    for (const [l, line] of states.entries()) if (line.every((s) => s === null)) withholdSmallest(lines[l]!, line);
    for (;;) {
      const pinned = firstPinned(lines, states);
      if (!pinned) break;
      const order = [pinned.line, ...lines.keys()].filter((l, i, all) => all.indexOf(l) === i);
      if (order.some((l) => withholdSmallest(lines[l]!, states[l]!))) continue;
      // Nothing non-zero is left to withhold, yet the pattern of zeros and bounds still gives a
      // small figure away (e.g. ways of 4+4 and 5+1+1+1): withhold the whole population, zeros too.
      for (const line of states) line.fill('withheld');
      break;
    }
  }
  return {
    lines: lines.map((line, l) => line.map((v, i) => (states[l]![i] ? hidden(states[l]![i]!) : shown(v)))),
    total: anyHidden ? hidden('withheld') : shown(total),
  };
}
