import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { randomDigits } from '../src/platform/crypto/index.ts';
import { readProof, solveChallenge, waitSeconds } from '../src/platform/http/lookup-proof.ts';
import { postJson } from '../src/modules/ob/test-desk.ts';
import { Browser, demoAccounts, startSauti, type TestContext } from './helpers.ts';

/**
 * Look-ups by code are slowed, never blocked, for people behind one carrier address: counted wrong
 * ones ask a proof (work, or a wait without JavaScript), per address and per reference, in PostgreSQL.
 * Here an address asks a proof after 5 wrong look-ups, a reference after 3, and proofs are small (8 bits).
 * Addresses vary with `remoteAddress`; time is the platform clock.
 */

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let hosts = 0;
const newAddress = () => `197.248.${Math.floor(hosts / 200)}.${(hosts++ % 200) + 1}`;

before(async () => {
  sauti = await startSauti({
    workers: false,
    env: { LOOKUP_FAILURES_PER_ADDRESS: '5', LOOKUP_FAILURES_PER_CODE: '3', LOOKUP_PROOF_BITS: '8' },
  });
  sauti.platform.clock.set(new Date('2026-11-30T14:20:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

async function newReceipt(): Promise<string> {
  const payload = { category: 'brutality', description: 'Beaten at a roadblock', county: '047', anonymous: true };
  const res = await sauti.app.inject({ method: 'POST', url: '/api/reports', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().receipt;
}

const wrongReceipt = () => randomDigits(16);

/** The follow API, from `address`, with a proof when given. */
const follow = (receipt: string, address: string, proof?: string) =>
  sauti.app.inject({
    method: 'POST',
    url: '/api/reports/follow',
    remoteAddress: address,
    payload: { receipt },
    headers: proof ? { 'sauti-proof': proof } : {},
  });

/** The follow page's form, sent by a browser at `address` (fields as the form holds them). */
async function followPage(address: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const browser = new Browser(sauti.app);
  const csrf = await browser.csrf('/follow');
  return sauti.app.inject({
    method: 'POST',
    url: '/follow',
    remoteAddress: address,
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.header() },
  });
}

const challengeOf = (res: LightMyRequestResponse) => String(res.headers['sauti-proof-challenge']);
const bitsOf = (challenge: string) => Number(challenge.split('.')[1]);

/** What the proof page's form sends again: its hidden fields. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[name!] = value!;
  return fields;
}

/** Five wrong receipts from `address`: after them, its look-ups ask a proof. */
async function flood(address: string): Promise<void> {
  for (let i = 0; i < 5; i++) assert.equal((await follow(wrongReceipt(), address)).statusCode, 404);
}

describe('people behind one carrier address', () => {
  test('fifty different people follow their own reports from one address, with a few typos among them', async () => {
    const receipts = [];
    for (let i = 0; i < 50; i++) receipts.push(await newReceipt());
    const address = newAddress();
    for (let i = 0; i < 4; i++) assert.equal((await follow(wrongReceipt(), address)).statusCode, 404);
    const statuses = [];
    for (const [i, receipt] of receipts.entries())
      statuses.push(
        i % 2 ? (await follow(receipt, address)).statusCode : (await followPage(address, { receipt })).statusCode,
      );
    assert.deepEqual(new Set(statuses), new Set([200, 303]), 'every one got in, none was asked a proof');
  });

  test('a flood of wrong codes from one address meets a proof; a right code from there still gets in, and other addresses are not slowed', async () => {
    const [receipt, address, neighbour] = [await newReceipt(), newAddress(), newAddress()];
    await flood(address);
    const slowed = await follow(wrongReceipt(), address);
    assert.equal(slowed.statusCode, 429);
    assert.equal(slowed.json().error.code, 'proof_required');
    assert.equal(bitsOf(challengeOf(slowed)), 8);
    assert.equal(slowed.headers['retry-after'], String(waitSeconds(8)));
    assert.equal((await follow(receipt, address)).statusCode, 429, 'no look-up from there without a proof');
    const asked = await follow(receipt, address);
    const found = await follow(receipt, address, solveChallenge(challengeOf(asked)));
    assert.equal(found.statusCode, 200, found.body);
    assert.equal(found.json().status, 'received');
    assert.equal((await follow(receipt, neighbour)).statusCode, 200, 'another address is not slowed');
  });

  test('without JavaScript: the page says how long to wait, and Continue after it lets the right code in', async () => {
    const [receipt, address, browser] = [await newReceipt(), newAddress(), new Browser(sauti.app)];
    const send = async (fields: Record<string, string>) =>
      browser.keep(
        await sauti.app.inject({
          method: 'POST',
          url: '/follow',
          remoteAddress: address,
          payload: new URLSearchParams(fields).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.header() },
        }),
      );
    await flood(address);
    const page = await send({ _csrf: await browser.csrf('/follow'), receipt });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /One moment, please/);
    assert.match(page.body, new RegExp(`wait ${waitSeconds(8)} seconds, then press Continue`));
    assert.match(page.body, /<script src="\/assets\/lookup-proof.js"/);
    const form = hiddenFields(page.body);
    assert.equal(form.receipt, receipt, 'the form sends the look-up again as it came');
    assert.equal(readProof(sauti.config.secret, form._proof!, sauti.platform.clock.now()).kind, 'waited');
    const early = await send(form);
    assert.equal(early.statusCode, 429, 'Continue pressed before the wait is over');
    assert.equal(hiddenFields(early.body)._proof, form._proof, 'the same challenge, to wait out');
    sauti.platform.clock.advance(waitSeconds(8) * 1000);
    const inside = await send(form);
    assert.equal(inside.statusCode, 303, inside.body);
    assert.equal(inside.headers.location, '/follow');
    assert.match((await browser.get('/follow')).body, /name="message"/, 'following the report');
  });

  test('a wrong or replayed proof is refused with a clear error', async () => {
    const [receipt, address] = [await newReceipt(), newAddress()];
    await flood(address);
    const solved = solveChallenge(challengeOf(await follow(receipt, address)));
    const parts = solved.split('.');
    const lazy = [...Array(200).keys()].map((n) => [...parts.slice(0, 4), n.toString(36)].join('.'));
    const wrong = lazy.find((p) => readProof(sauti.config.secret, p, sauti.platform.clock.now()).kind === 'invalid')!;
    const refused = await follow(receipt, address, wrong);
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.code, 'proof_invalid');
    assert.equal(refused.json().error.message, 'This check could not be accepted');
    const forged = await follow(receipt, address, `${parts.slice(0, 3).join('.')}.${'A'.repeat(22)}.${parts[4]}`);
    assert.equal(forged.json().error.code, 'proof_invalid');
    assert.equal((await follow(receipt, address, solved)).statusCode, 200);
    const replayed = await follow(receipt, address, solved);
    assert.equal(replayed.statusCode, 400);
    assert.equal(replayed.json().error.code, 'proof_used');
    const page = await followPage(address, { receipt, _proof: solved });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /This check was already sent/);
    assert.match(page.body, /name="_proof"/, 'with a new challenge to try again');
  });

  test('wrong codes sent all at once are counted before they are answered', async () => {
    const address = newAddress();
    const statuses = await Promise.all([...Array(12).keys()].map(() => follow(wrongReceipt(), address)));
    const counts = statuses.reduce<Record<number, number>>(
      (c, r) => ({ ...c, [r.statusCode]: (c[r.statusCode] ?? 0) + 1 }),
      {},
    );
    assert.deepEqual(counts, { 404: 5, 429: 7 });
  });
});

describe('guesses at one reference', () => {
  const mombasaRoad = {
    offences: [{ code: 'SPD-15' }],
    registration: 'KDJ 482M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road near Changamwe roundabout',
    county: '001',
    offenceAt: '2026-11-30T14:05',
  };
  const issue = async () => {
    const res = await postJson(sauti, await accounts.as('officer.mombasa'), '/api/fines/notices', mombasaRoad);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().number as string;
  };
  const check = (number: string, registration: string, address: string, proof?: string) =>
    sauti.app.inject({
      method: 'GET',
      url: `/api/fines/verify?${new URLSearchParams({ number, registration }).toString()}`,
      remoteAddress: address,
      headers: proof ? { 'sauti-proof': proof } : {},
    });

  test('wrong number plates for one notice are slowed from whatever address, more with each; its motorist still gets in', async () => {
    const [notice, other] = [await issue(), await issue()];
    for (const plate of ['KDJ 482N', 'KDJ 483M', 'KDK 482M'])
      assert.equal((await check(notice, plate, newAddress())).statusCode, 404);
    const first = await check(notice, 'KDA 111A', newAddress());
    assert.equal(first.statusCode, 429, 'a fourth address is asked a proof: the notice is what is guessed');
    const spare = challengeOf(await check(notice, 'KDA 111A', newAddress()));
    assert.equal(bitsOf(challengeOf(first)), 8);
    const worked = await check(notice, 'KDA 111A', newAddress(), solveChallenge(challengeOf(first)));
    assert.equal(worked.statusCode, 404, 'a proof buys one guess, and a wrong one counts');
    const dearer = await check(notice, 'KDB 222B', newAddress(), solveChallenge(spare));
    assert.equal(dearer.statusCode, 429, 'a proof of the old price no longer does');
    assert.equal(bitsOf(challengeOf(dearer)), 9, 'each wrong guess doubles the work of the next');
    const motorist = newAddress();
    const asked = challengeOf(await check(notice, 'KDJ 482M', motorist));
    const genuine = await check(notice, 'kdj-482m', motorist, solveChallenge(asked));
    assert.equal(genuine.statusCode, 200, genuine.body);
    assert.equal(genuine.json().genuine, true);
    assert.equal(bitsOf(challengeOf(await check(notice, 'KDJ 482M', motorist))), 9, 'the right plate did not count');
    assert.equal((await check(other, 'KDJ 482N', newAddress())).statusCode, 404, 'another notice is not slowed');
  });

  test('a check that answers "not found" on its own page counts as wrong too (OB slips)', async () => {
    const slip = { station: 'kasarani', ob: 'OB 7/30/11/2026', code: 'ABCD-EFGH' };
    const verify = (address: string) =>
      sauti.app.inject({ url: `/api/ob/verify?${new URLSearchParams(slip).toString()}`, remoteAddress: address });
    for (let i = 0; i < 3; i++) {
      const res = await verify(newAddress());
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().found, false);
    }
    const slowed = await verify(newAddress());
    assert.equal(slowed.statusCode, 429);
    assert.equal(slowed.json().error.proof.bits, 8);
  });
});

describe('windows', () => {
  test('a quarter of an hour after its first wrong code an address starts afresh', async () => {
    const address = newAddress();
    await flood(address);
    assert.equal((await follow(wrongReceipt(), address)).statusCode, 429);
    sauti.platform.clock.advance(15 * 60_000);
    assert.equal((await follow(wrongReceipt(), address)).statusCode, 404);
  });
});
