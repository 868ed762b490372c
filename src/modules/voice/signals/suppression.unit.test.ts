import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPinned, protectPopulation, shown, hidden, totalOf } from './suppression.ts';

// Small-count protection alone, on numbers; signals.test.ts shows it applied to stored letters.

describe('small-count protection', () => {
  test('1 to 4 is hidden as small, 0 and 5+ are shown; a total is shown only when all its parts are', () => {
    const p = protectPopulation([[0, 3, 5]]);
    assert.deepEqual(p.lines[0], [shown(0), hidden('small'), shown(5)]);
    assert.deepEqual(p.total, hidden('withheld'));
    assert.deepEqual(protectPopulation([[0, 5, 7]]).total, shown(12));
    assert.deepEqual(totalOf([shown(5), shown(0), shown(6)]), shown(11));
    assert.deepEqual(totalOf([shown(5), hidden('small')]), hidden('withheld'));
  });

  test('a way of counting shown whole would give the hidden one away: its smallest figure is withheld', () => {
    // by month 9 and 6 (all shown), by county 14 and 1: the 1 = 15 - 14 unless a month is withheld too
    const p = protectPopulation([
      [9, 6],
      [14, 1],
    ]);
    assert.deepEqual(p.lines[1], [shown(14), hidden('small')]);
    assert.deepEqual(p.lines[0], [shown(9), hidden('withheld')]);
    assert.equal(p.total.suppressed, true);
  });

  test('hidden figures that could only be all 4s (or all 1s) are protected further, or the whole population is withheld', () => {
    // two counties of 4 and months 5+1+1+1: the months add up to at least 8, the counties to at most 8
    const lines = [
      [5, 1, 1, 1],
      [4, 4],
    ];
    assert.ok(
      firstPinned(lines, [
        [null, 'small', 'small', 'small'],
        ['small', 'small'],
      ]),
      'the plain pattern pins them',
    );
    const p = protectPopulation(lines);
    assert.ok(p.lines.flat().every((f) => f.suppressed && f.reason === 'withheld'));
    // many small figures that add up to an unremarkable sum need nothing more
    const easy = protectPopulation([
      [20, 6],
      [3, 2, 4, 17],
    ]);
    assert.deepEqual(easy.lines[1], [hidden('small'), hidden('small'), hidden('small'), shown(17)]);
    assert.deepEqual(easy.lines[0], [shown(20), hidden('withheld')]);
  });

  test('after protection no small figure can be pinned to one value', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 300; run++) {
      const total = random(40);
      const split = (parts: number) => {
        const cells = Array.from({ length: parts }, () => 0);
        for (let i = 0; i < total; i++) cells[random(random(2) ? 2 : parts)]! += 1;
        return cells;
      };
      const lines = [split(12), split(6), split(4)];
      const p = protectPopulation(lines);
      const states = p.lines.map((line) => line.map((f) => (f.suppressed ? f.reason : null)));
      assert.equal(firstPinned(lines, states), undefined, JSON.stringify(lines));
      for (const [l, line] of p.lines.entries())
        for (const [i, f] of line.entries()) if (!f.suppressed) assert.equal(f.count, lines[l]![i]);
    }
  });
});
