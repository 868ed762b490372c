import { hidden, shown, type DisclosureRule, type Figure } from './figure.ts';
import { firstExposed, isList, layout, type Model, type State, type TableWay, type Way } from './model.ts';

/**
 * Small-count protection for one population (one total counted several complete ways):
 *
 * 1. A count from 1 to k - 1 is hidden as "small"; 0 is shown. This holds for cells, row and column
 *    totals and the grand total alike.
 * 2. When anything is hidden, the grand total is withheld, and every sum whose parts would all be
 *    shown while it is hidden has its smallest non-zero part withheld.
 * 3. Then an exact check: from everything shown across all the ways (each sum of a list, row,
 *    column or dimension used until nothing more can be learned), every hidden figure must still
 *    have at least two possible values. While one has only one, another figure beside it is
 *    withheld; if nothing is left to withhold, the whole population is withheld, zeros included.
 */

export interface PublishedTable {
  cells: Figure[][];
  rowTotals: Figure[];
  colTotals: Figure[];
}

export type Published<W extends Way> = W extends TableWay ? PublishedTable : Figure[];

export interface ProtectedPopulation<W extends Way> {
  /** Each way's figures, in the order given. */
  ways: Published<W>[];
  /** Each dimension's totals. */
  margins: Record<string, Figure[]>;
  /** The population's total (what every way adds up to). */
  total: Figure;
}

/** Withholds the smallest non-zero figure still shown among the parts; false when there is none. */
function withholdSmallest(model: Model, parts: readonly number[], states: State[]): boolean {
  let pick = -1;
  for (const p of parts) {
    const v = model.values[p]!;
    if (states[p] === null && v > 0 && (pick < 0 || v < model.values[pick]!)) pick = p;
  }
  if (pick < 0) return false;
  states[pick] = 'withheld';
  return true;
}

/** Which figures to hide, by the rules above. */
export function hide(model: Model, rule: DisclosureRule): State[] {
  const states: State[] = model.values.map((v) => (v > 0 && v < rule.k ? 'small' : null));
  if (states.every((s) => s === null)) return states;
  states[0] ??= 'withheld';
  for (const s of model.sums)
    if (states[s.sum] !== null && s.parts.every((p) => states[p] === null)) withholdSmallest(model, s.parts, states);
  for (;;) {
    const pinned = firstExposed(model, states, rule);
    if (pinned === undefined) break;
    const touching = (s: Model['sums'][number]) => s.parts.includes(pinned) || s.sum === pinned;
    const order = [...model.sums.filter(touching), ...model.sums.filter((s) => !touching(s))];
    if (order.some((s) => withholdSmallest(model, s.parts, states))) continue;
    // Nothing non-zero is left to withhold, yet the pattern of zeros and bounds still gives a
    // hidden figure away (e.g. ways of 4+4 and 5+1+1+1): withhold everything, zeros too.
    states.fill('withheld');
    break;
  }
  return states;
}

/** Protects one population counted several complete ways; every way must add up to the same total. */
export function protectPopulation<W extends Way>(ways: readonly W[], rule: DisclosureRule): ProtectedPopulation<W> {
  const model = layout(ways);
  const states = hide(model, rule);
  const figure = (i: number): Figure => (states[i] ? hidden(states[i]) : shown(model.values[i]!));
  const margins = Object.fromEntries([...model.margins].map(([key, ids]) => [key, ids.map(figure)]));
  const published = ways.map((way, w) => {
    const ids = model.ways[w]!;
    if (isList(way)) return (ids as readonly number[]).map(figure);
    return {
      cells: (ids as readonly (readonly number[])[]).map((row) => row.map(figure)),
      rowTotals: margins[way.rows]!,
      colTotals: margins[way.cols]!,
    };
  });
  return { ways: published as Published<W>[], margins, total: figure(0) };
}
