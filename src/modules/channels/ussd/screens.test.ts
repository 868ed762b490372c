import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { callbackToken, USSD_PATH } from '../index.ts';
import { SCREEN_MAX } from './engine.ts';

// Every screen the menu can show, in both languages, fits a phone's screen: a crawl from the dial that tries each
// option a screen offers (and "9 More", "0 Back"), and on a screen that asks for words, a handful of typical and
// wrong answers. Each branch continues a copy of its parent's session (as if the caller had typed the same until
// there), so every screen costs one callback. The journeys' own tests walk the screens that need data.

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false, workers: false, env: { RATE_LIMIT_USSD_SESSIONS: '100000' } });
});
after(() => sauti.close());

const TYPED = [
  'mak',
  'sal',
  'n',
  'zz',
  '1234 5678 9012 3456',
  '12/30/11/2026',
  '0000000000',
  'KDA 123A',
  'Officers asked me for money',
];
const MAX_DEPTH = 9;
const MAX_SCREENS = 200;
const PHONE = '+254730000001';

function inputsFor(screen: string): string[] {
  const options = [...screen.matchAll(/^(\d) /gm)].map((m) => m[1]!);
  const picks = options.filter((o) => o !== '0' && o !== '9');
  return [...new Set([...options, ...(picks.length ? [] : TYPED)])];
}

let sessions = 0;
async function step(sessionId: string, text: string): Promise<string> {
  const res = await sauti.app.inject({
    method: 'POST',
    url: `${USSD_PATH}?token=${callbackToken(sauti.platform)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      sessionId,
      serviceCode: '*384*123#',
      phoneNumber: PHONE,
      networkCode: '63902',
      text,
    }).toString(),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

/** A new session standing where `from` stands. */
async function fork(from: string): Promise<string> {
  const id = `ATUid_crawl_${++sessions}`;
  await sauti.platform.db.pool.query(
    `insert into ussd_sessions (id, number_hash, language, text_seen, screen, state, ended, started_at, updated_at, expires_at)
     select $2, number_hash, language, text_seen, screen, state, ended, started_at, updated_at, expires_at
     from ussd_sessions where id = $1`,
    [from, id],
  );
  return id;
}

for (const [language, choice] of [
  ['English', '1'],
  ['Kiswahili', '2'],
] as const) {
  test(
    `every screen reached from the dial, in ${language}, is CON or END and at most ${SCREEN_MAX} characters`,
    { timeout: 240_000 },
    async () => {
      await sauti.platform.db.pool.query('delete from ussd_numbers');
      const first = `ATUid_crawl_${++sessions}`;
      await step(first, '');
      const seen = new Set<string>();
      /** how deep each main-menu choice was followed */
      const reached = new Map<string, number>();
      const queue: Array<{ parent: string; path: string[] }> = [{ parent: first, path: [choice] }];
      while (queue.length && seen.size < MAX_SCREENS) {
        const { parent, path } = queue.shift()!;
        const session = await fork(parent);
        const screen = await step(session, path.join('*'));
        assert.match(screen, /^(CON|END) [\s\S]+$/, `after ${path.join('*')}`);
        const text = screen.slice(4);
        assert.ok(text.length <= SCREEN_MAX, `${text.length} characters after ${path.join('*')}:\n${text}`);
        if (path.length > 1) reached.set(path[1]!, Math.max(reached.get(path[1]!) ?? 0, path.length));
        const key = text.replace(/\d{4} \d{4} \d{4} \d{4}/g, '#');
        if (seen.has(key)) continue;
        seen.add(key);
        if (screen.startsWith('CON ') && path.length < MAX_DEPTH)
          for (const input of inputsFor(text)) queue.push({ parent: session, path: [...path, input] });
      }
      const journeys = ['report', 'follow', 'check', 'fine', 'ask', 'sessions'];
      assert.ok(seen.size > 40, `only ${seen.size} screens reached`);
      // menus 5 and 6 end at once while no #EngageTheIG session is scheduled (their own tests schedule one)
      for (const start of ['1', '2', '3', '4', '5', '6'])
        assert.ok(
          (reached.get(start) ?? 0) > (Number(start) <= 4 ? 3 : 1),
          `menu ${start} (${journeys[Number(start) - 1]}) was explored: ${JSON.stringify([...reached])}`,
        );
    },
  );
}
