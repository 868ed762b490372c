import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { sautiInProcess } from '../../../../test/sauti-command.ts';
import { postJson } from '../../ob/test-desk.ts';
import { nameMatches, openDocument, type TrustList } from '../../../platform/signed-docs/index.ts';
import { pdfText } from '../../../platform/pdf/inspect.ts';
import { scanPdfQrCodes, scanSvgQrCodes } from '../../../platform/pdf/qr-scan.ts';
import { sealInPdf } from '../../documents/index.ts';
import { recordPayment } from '../store.ts';
import { issueDueReceipts, receiptHref } from './index.ts';

// A notice paid in full gets one signed receipt: issued by the job (or by its page, if first), shown
// and printed from the motorist's link, and verified offline with only the published keys.

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

interface Issued {
  id: string;
  number: string;
  link: string;
  token: string;
  amountCents: number;
}

async function issueNotice(driverName = 'Otieno Ochieng'): Promise<Issued> {
  const now = new Date(sauti.platform.clock.now().getTime() - 10 * 60_000);
  const res = await postJson(sauti, await accounts.as('officer.mombasa'), '/api/fines/notices', {
    offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
    registration: 'KDJ 482M',
    driverName,
    place: 'Mombasa road',
    county: '001',
    offenceAt: new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 16),
  });
  assert.equal(res.statusCode, 201, res.body);
  const { number, link, amountCents } = res.json();
  const { rows } = await sauti.platform.db.pool.query('select id from fine_notices where number = $1', [number]);
  return { id: rows[0].id, number, link, token: link.split('/').at(-1), amountCents };
}

let references = 0;
const pay = (noticeId: string, amountCents: number, channel: 'mpesa' | 'bank' = 'mpesa') =>
  recordPayment(sauti.platform.db.pool, {
    noticeId,
    channel,
    reference: `SKL${String(++references).padStart(7, '0')}`,
    account: null,
    amountCents,
    paidAt: sauti.platform.clock.now(),
    at: sauti.platform.clock.now(),
    phone: null,
    stkRequestId: null,
  });

const receiptsOf = async (noticeId: string) =>
  (await sauti.platform.db.pool.query('select number, seal from fine_receipts where notice_id = $1', [noticeId])).rows;

/** The trust list as anyone saves it from /documents/keys: all an offline check needs. */
async function publishedTrustList(): Promise<TrustList> {
  const res = await sauti.app.inject({ method: 'GET', url: '/documents/keys' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().keys.map((k: { kid: string; publicKey: string; from: string; until: string | null }) => ({
    kid: k.kid,
    publicKey: new Uint8Array(Buffer.from(k.publicKey, 'base64url')),
    from: Date.parse(k.from) / 1000,
    ...(k.until ? { until: Date.parse(k.until) / 1000 } : {}),
  }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a signed receipt for each notice paid in full', () => {
  test('paid by M-Pesa: the job issues one receipt, once; its page shows it; its QR text verifies offline', async () => {
    const notice = await issueNotice();
    assert.equal(notice.amountCents, 3_500_00);
    assert.equal((await pay(notice.id, notice.amountCents))?.creditedCents, notice.amountCents);
    assert.equal(await issueDueReceipts(sauti.platform), 1);
    assert.equal(await issueDueReceipts(sauti.platform), 0, 'a second run issues nothing');
    const kept = await receiptsOf(notice.id);
    assert.equal(kept.length, 1);
    assert.equal(kept[0].number, `FR-${notice.number}`);

    const motorist = new Browser(sauti.app);
    const page = await motorist.get(receiptHref(notice.number, notice.token));
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.headers['cache-control'], 'no-store');
    const shown = text(page.body);
    assert.match(shown, new RegExp(`Receipt FR-${notice.number}`));
    assert.match(shown, /Paid: Ksh 3,500/);
    assert.match(shown, new RegExp(`M-Pesa receipt SKL0*${references} \\(Ksh 3,500\\)`));
    assert.match(shown, /verify/);
    assert.ok(page.body.includes('href="/documents/verify"'));
    assert.ok(page.body.includes('<svg'), 'the QR code is on the page');
    assert.ok(page.body.includes(kept[0].seal), 'with its text');
    assert.deepEqual(
      (await scanSvgQrCodes(page.body)).map((q) => q.text),
      [kept[0].seal],
      'the QR code a camera reads is the signed text',
    );
    assert.doesNotMatch(page.body, /<script/, 'no script is needed');
    motorist.cookies.set('sauti_lang', 'sw');
    assert.match(text((await motorist.get(receiptHref(notice.number, notice.token))).body), /Imelipwa: Ksh 3,500/);

    // offline: the published keys and the QR text, nothing else
    const trust = await publishedTrustList();
    const opened = openDocument(kept[0].seal, trust);
    assert.equal(opened.genuine, true);
    assert.ok(opened.genuine);
    assert.equal(opened.claims.kind, 'fine-receipt');
    assert.equal(opened.claims.documentNumber, `FR-${notice.number}`);
    assert.equal(opened.claims.obNumber, notice.number);
    assert.equal(opened.claims.amountCents, 3_500_00);
    assert.equal(opened.claims.stationId, 'mombasa-traffic-base');
    assert.equal(opened.claims.leafIndex, null);
    assert.ok(nameMatches(opened.claims, ' otieno OCHIENG'));
    assert.ok(!nameMatches(opened.claims, 'Otieno Odhiambo'));
    const seal: string = kept[0].seal;
    for (const at of [12, seal.length - 10]) {
      const altered = seal.slice(0, at) + (seal[at] === 'A' ? 'B' : 'A') + seal.slice(at + 1);
      assert.equal(openDocument(altered, trust).genuine, false, `changed at ${at}`);
    }
  });

  test('the PDF carries the QR code and its text, which `sauti verify` reads offline with the saved keys', async () => {
    const notice = await issueNotice('Achieng Wambui');
    await pay(notice.id, 1_000_00, 'bank');
    await pay(notice.id, 2_500_00);
    const res = await sauti.app.inject({ method: 'GET', url: `${receiptHref(notice.number, notice.token)}.pdf` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const seal = sealInPdf(res.rawPayload);
    assert.equal(seal, (await receiptsOf(notice.id))[0]?.seal, 'the PDF is of the receipt kept');
    assert.deepEqual(
      (await scanPdfQrCodes(res.rawPayload)).map((q) => q.text),
      [seal],
      'the printed QR code reads as the signed text',
    );
    const words = await pdfText(res.rawPayload);
    assert.match(words, new RegExp(`Receipt FR-${notice.number}`));
    assert.match(words, /Bank reference: SKL\d+ \(Ksh 1,000\)/);
    assert.match(words, /M-Pesa receipt: SKL\d+ \(Ksh 2,500\)/);

    const dir = await mkdtemp(join(tmpdir(), 'sauti-receipts-'));
    try {
      const keys = join(dir, 'keys.json');
      await writeFile(keys, (await sauti.app.inject({ method: 'GET', url: '/documents/keys' })).body);
      const pdfFile = join(dir, 'receipt.pdf');
      await writeFile(pdfFile, res.rawPayload);
      const run = (file: string) => sautiInProcess(['verify', file, '--keys', keys], {});
      const genuine = await run(pdfFile);
      assert.equal(genuine.code, 0, genuine.err);
      assert.match(genuine.out, new RegExp(`^GENUINE: fine-receipt FR-${notice.number}`));
      assert.match(
        genuine.out,
        new RegExp(`traffic notice ${notice.number} at station mombasa-traffic-base: 3500.00 paid`),
      );
      const at = seal!.length - 10;
      const forged = await run(seal!.slice(0, at) + (seal![at] === 'A' ? 'B' : 'A') + seal!.slice(at + 1));
      assert.equal(forged.code, 1);
      assert.match(forged.out, /^NOT GENUINE: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an unpaid or partly paid notice has no receipt: none is issued, and its receipt page is 404', async () => {
    const unpaid = await issueNotice();
    const partly = await issueNotice();
    await pay(partly.id, 1_000_00);
    assert.equal(await issueDueReceipts(sauti.platform), 0);
    for (const n of [unpaid, partly]) {
      assert.equal((await sauti.app.inject({ method: 'GET', url: receiptHref(n.number, n.token) })).statusCode, 404);
      const pdf = await sauti.app.inject({ method: 'GET', url: `${receiptHref(n.number, n.token)}.pdf` });
      assert.equal(pdf.statusCode, 404);
      assert.deepEqual(await receiptsOf(n.id), []);
    }
    // the rest of the balance: now it is paid, and has its receipt
    await pay(partly.id, 2_500_00);
    assert.equal(await issueDueReceipts(sauti.platform), 1);
    const opened = openDocument((await receiptsOf(partly.id))[0].seal, await publishedTrustList());
    assert.ok(opened.genuine && opened.claims.amountCents === 3_500_00);
  });

  test("a wrong token or another notice's token is 404, and issues nothing", async () => {
    const notice = await issueNotice();
    const other = await issueNotice();
    await pay(notice.id, notice.amountCents);
    for (const url of [
      receiptHref(notice.number, 'x'.repeat(notice.token.length)),
      receiptHref(notice.number, other.token),
      receiptHref(other.number, notice.token),
      `${receiptHref(notice.number, other.token)}.pdf`,
    ]) {
      const res = await sauti.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /NPS1:/);
    }
    assert.deepEqual(await receiptsOf(notice.id), [], 'nothing was issued for a wrong link');
    assert.equal(await issueDueReceipts(sauti.platform), 1, 'the job still issues it');
  });

  test('a paid notice whose receipt the job has not come to yet gets it from its page, once', async () => {
    const notice = await issueNotice();
    await pay(notice.id, notice.amountCents);
    const href = receiptHref(notice.number, notice.token);
    const first = await sauti.app.inject({ method: 'GET', url: href });
    assert.equal(first.statusCode, 200, first.body);
    const again = await sauti.app.inject({ method: 'GET', url: href });
    const [kept] = await receiptsOf(notice.id);
    assert.ok(first.body.includes(kept.seal) && again.body.includes(kept.seal), 'the same receipt both times');
    assert.equal(await issueDueReceipts(sauti.platform), 0);
    assert.deepEqual(await receiptsOf(notice.id), [kept]);
    const { rows } = await sauti.platform.db.pool.query(
      `select count(*)::int as n from fine_notice_events e where e.notice_id = $1 and e.kind = 'receipt'`,
      [notice.id],
    );
    assert.equal(rows[0].n, 1, "the receipt is one of the notice's events, once");
  });

  test('the verify page shows a fine receipt’s facts: its notice, the amount and when it was paid', async () => {
    const res = await sauti.app.inject({ method: 'GET', url: '/documents/verify' });
    assert.equal(res.statusCode, 200);
    for (const slot of ['notice', 'amount', 'paid'])
      assert.match(res.body, new RegExp(`<dd data-slot="${slot}" data-row="${slot}"`), slot);
    assert.match(res.body, /Traffic notice number/);
    assert.match(res.body, /Receipt for a traffic fine paid/);
    const sw = await sauti.app.inject({ method: 'GET', url: '/documents/verify', cookies: { sauti_lang: 'sw' } });
    assert.match(sw.body, /Risiti ya faini ya trafiki iliyolipwa/);
    assert.match(sw.body, /Kiasi kilicholipwa/);
  });
});
