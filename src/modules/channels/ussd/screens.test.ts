import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { InjectedPhone } from '../../../../test/ussd-phone.ts';
import { SCREEN_MAX } from './engine.ts';

// Every screen the menu can show, in both languages, fits a phone's screen: a crawl from the dial that tries each
// option a screen offers (and "9 More", "0 Back"), and on a screen that asks for words, a handful of typical and
// wrong answers. The journeys' own tests walk the screens that need data (a report, a notice, a slip).

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
const MAX_SCREENS = 150;

function inputsFor(screen: string): string[] {
  const options = [...screen.matchAll(/^(\d) /gm)].map((m) => m[1]!);
  const picks = options.filter((o) => o !== '0' && o !== '9');
  return [...new Set([...options, ...(picks.length ? [] : TYPED)])];
}

let numbers = 0;
async function screenAt(path: string[]): Promise<string> {
  const phone = new InjectedPhone(sauti.app, `+2547${String(30_000_000 + ++numbers)}`);
  let screen = await phone.dial();
  for (const input of path) screen = await phone.send(input);
  return screen;
}

for (const [language, choice] of [
  ['English', '1'],
  ['Kiswahili', '2'],
] as const) {
  test(
    `every screen reached from the dial, in ${language}, is CON or END and at most ${SCREEN_MAX} characters`,
    { timeout: 240_000 },
    async () => {
      const seen = new Map<string, string[]>();
      /** how deep each main-menu choice was followed */
      const reached = new Map<string, number>();
      const queue: string[][] = [[choice]];
      while (queue.length && seen.size < MAX_SCREENS) {
        const path = queue.shift()!;
        const screen = await screenAt(path);
        assert.match(screen, /^(CON|END) [\s\S]+$/, `after ${path.join('*')}`);
        const text = screen.slice(4);
        assert.ok(text.length <= SCREEN_MAX, `${text.length} characters after ${path.join('*')}:\n${text}`);
        if (path.length > 1) reached.set(path[1]!, Math.max(reached.get(path[1]!) ?? 0, path.length));
        const key = text.replace(/\d{4} \d{4} \d{4} \d{4}/g, '#');
        if (seen.has(key)) continue;
        seen.set(key, path);
        if (screen.startsWith('CON ') && path.length < MAX_DEPTH)
          for (const input of inputsFor(text)) queue.push([...path, input]);
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
