import type { TestContext } from '../../../../test/helpers.ts';
import { generator, histogram, type Random } from './attack.ts';
import { releaseDueMonths } from './release.ts';
import { seedMonth, seedRefresh } from './seed.ts';
import type { MonthFacts } from './tables.ts';

// What the portal's tests share: a month of known figures, and the moment the tests stand at.

/** Mid-December 2026 in Nairobi: November is released (it ended more than 7 days ago), December is not. */
export const NOW = new Date('2026-12-15T09:00:00Z');
export const SNAPSHOT = '8812:8815:8813';
export const CHECKPOINT: [number, string] = [48213, 'q1bUS6m2iA0vTg5bIj2V3b3cJvKJ1nLwRrJ0bX+0m9k='];

const places = ['001', '003', '012', '016', '017', '022', '027', '032', '037', '039', '042', '045', '047'];
const spread = <T>(random: Random, total: number, weights: ReadonlyArray<[T, number]>): Array<[T, number]> => {
  const sum = weights.reduce((a, [, w]) => a + w, 0);
  return weights.map(([v, w]) => [v, Math.round((total * w) / sum) + random(3)] as [T, number]);
};

/**
 * November's figures, as a month of a service at work: thirteen counties with tens to hundreds of complaints,
 * fines, requests and custody deadlines each, a few small counts among them, and three known ones: Nairobi's
 * 3 complaints not upheld, its 7 custody breaches and Mombasa's 2 fines withdrawn.
 */
export const november: MonthFacts = (() => {
  const random = generator(1130);
  const facts: MonthFacts = { complaints: [], fines: [], documents: [], ob: [] };
  for (const county of places) {
    const volume = 40 + random(260);
    const categories = spread(random, volume, [
      ['bribery_extortion', 9],
      ['brutality', 5],
      ['unlawful_arrest', 4],
      ['refusal_negligence', 6],
      ['corruption_in_service', 2],
      ['other', 1],
    ] as const);
    for (const [category, n] of categories)
      for (const [outcome, cases] of spread(random, n, [
        ['open', 6],
        ['substantiated_disciplinary', 2],
        ['not_substantiated', 2],
        ['referred_elsewhere', 1],
      ] as const)) {
        if (cases === 0 || (county === '047' && outcome === 'not_substantiated')) continue;
        const responded = Math.round(cases * 0.9);
        facts.complaints.push({
          county,
          category,
          outcome,
          cases,
          responded,
          respondedInTime: Math.round(responded * 0.8),
        });
      }
    const fine = (status: string, notices: number) =>
      notices > 0 &&
      facts.fines.push({
        county,
        status,
        notices,
        amountCents: notices * 300_000,
        paidCents: status === 'paid' ? notices * 300_000 : 0,
      });
    fine('paid', 60 + random(400));
    fine('unpaid', 10 + random(90));
    fine('withdrawn', county === '001' ? 2 : 5 + random(20));
    fine('court', random(12));
    for (const kind of ['abstract_general', 'p3'] as const) {
      const issued = 10 + random(60);
      const hours = Array.from({ length: issued }, (_, i) => 12 + (i % 14) + random(4));
      facts.documents.push({
        county,
        kind,
        requested: issued + 2 + random(8),
        issued,
        issuedInTime: issued - random(8),
        refused: 1 + random(4),
        waiting: 1 + random(4),
        issueHours: histogram(hours),
      });
      const last = facts.documents[facts.documents.length - 1]!;
      last.requested = last.issued + last.refused + last.waiting;
    }
    const deadlines = 30 + random(150);
    facts.ob.push({
      county,
      loggedEntries: 400 + random(3000),
      custodyDeadlines: deadlines,
      custodyBreaches: county === '047' ? 7 : 10 + random(25),
    });
  }
  facts.complaints.push({
    county: '047',
    category: 'bribery_extortion',
    outcome: 'not_substantiated',
    cases: 3,
    responded: 3,
    respondedInTime: 2,
  });
  return facts;
})();

/** Seeds October (given) and November, a refresh a week into December, and releases what is due. */
export async function seedAndRelease(sauti: TestContext, october: MonthFacts): Promise<string[]> {
  const db = sauti.platform.db.pool;
  await seedMonth(db, '2026-10', october);
  await seedMonth(db, '2026-11', november);
  await seedMonth(db, '2026-12', november);
  await seedRefresh(db, new Date(NOW.getTime() - 15 * 60_000), SNAPSHOT, CHECKPOINT);
  return releaseDueMonths(sauti.platform);
}
