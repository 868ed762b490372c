import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { sautiInProcess } from '../../../test/sauti-command.ts';
import { assault, lostPhone, postJson } from '../ob/test-desk.ts';
import { nameMatches, openDocument, type TrustList } from '../../platform/signed-docs/index.ts';
import { escalateWithheldRequests } from './index.ts';

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

const SAUTI = new URL('../../../bin/sauti.js', import.meta.url).pathname;
let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let slip: { obNumber: string; slipCode: string };
let assaultSlip: { obNumber: string; slipCode: string };

const ask = (body: Record<string, unknown>) =>
  sauti.app.inject({ method: 'POST', url: '/api/documents/requests', payload: body });
const follow = (code: string) => sauti.app.inject({ method: 'GET', url: `/api/documents/requests/${code}` });
const count = async (table: string) =>
  (await sauti.platform.db.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  const desk = await accounts.as('officer.salama');
  const res = await postJson(sauti, desk, '/api/ob/stations/salama/entries', lostPhone);
  assert.equal(res.statusCode, 201, res.body);
  slip = res.json();
  const second = await postJson(sauti, desk, '/api/ob/stations/salama/entries', assault);
  assert.equal(second.statusCode, 201, second.body);
  assaultSlip = second.json();
});
after(() => sauti.close());

const request = (kind: string, extra: Record<string, unknown> = {}) => {
  const of = kind === 'p3' ? assaultSlip : slip;
  return { station: 'salama', ob: `OB ${of.obNumber}`, code: of.slipCode.toLowerCase(), kind, ...extra };
};

describe('asking for a free document with the slip', () => {
  test('a wrong code and an unknown OB number answer alike, and store nothing', async () => {
    const before = await count('document_requests');
    const wrongCode = await ask(request('abstract_general', { code: 'AAAA-BBBB' }));
    const unknown = await ask(request('abstract_general', { ob: '999/30/11/2026' }));
    assert.equal(wrongCode.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(wrongCode.body, unknown.body);
    assert.equal(await count('document_requests'), before);
  });

  test('a document the entry cannot give is a 400 naming the kind; a malformed one names its fields', async () => {
    const traffic = await ask(request('abstract_traffic'));
    assert.equal(traffic.statusCode, 400);
    assert.deepEqual(
      traffic.json().error.fields.map((p: { field: string }) => p.field),
      ['kind'],
    );
    const bad = await ask({ station: '', ob: 'twelve', code: 'x', kind: 'passport' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.fields.map((p: { field: string }) => p.field),
      ['station', 'ob', 'code', 'kind'],
    );
    assert.equal(await count('document_requests'), 0);
  });

  test('the request has a 24-hour clock the requester sees, and is answered by the desk with a numbered abstract', async () => {
    const made = await ask(request('abstract_general', { language: 'sw' }));
    assert.equal(made.statusCode, 201, made.body);
    const { code, dueAt } = made.json();
    assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    assert.equal(dueAt, '2026-12-01T07:00:00.000Z');
    assert.equal((await ask(request('abstract_general'))).statusCode, 409, 'one waiting request of a kind per entry');

    const waiting = (await follow(code.toLowerCase().replace(/-/g, ' '))).json();
    assert.deepEqual([waiting.status, waiting.overdue, waiting.obNumber], ['waiting', false, slip.obNumber]);

    const desk = await accounts.as('officer.salama');
    const list = (await desk.get('/api/documents/stations/salama/requests')).json().requests;
    const mine = list.find((r: { obNumber: string; kind: string }) => r.kind === 'abstract_general')!;
    const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: mine.id });
    assert.equal(issued.statusCode, 201, issued.body);
    assert.equal(issued.json().number, 'PA/SALAMA/2026/1');
    const again = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { request: mine.id });
    assert.equal(again.statusCode, 409);
    const done = (await follow(code)).json();
    assert.deepEqual([done.status, done.documentNumber], ['issued', 'PA/SALAMA/2026/1']);
    const { rows } = await sauti.platform.db.pool.query('select language, holder_name from documents');
    assert.deepEqual(rows, [{ language: 'sw', holder_name: 'Wanjiku Kamau' }]);

    // its QR code says what it is, signed: checked offline against the published keys
    const { seal } = issued.json();
    const opened = openDocument(seal, await publishedTrustList());
    assert.ok(opened.genuine, JSON.stringify(opened));
    assert.deepEqual(
      [opened.claims.documentNumber, opened.claims.kind, opened.claims.obNumber, opened.claims.stationId],
      ['PA/SALAMA/2026/1', 'abstract-general', slip.obNumber, 'salama'],
    );
    assert.ok(nameMatches(opened.claims, ' wanjiku KAMAU '));
    assert.ok(!nameMatches(opened.claims, 'Wanjiru Kamau'));
    const at = seal.length - 10;
    const altered = seal.slice(0, at) + (seal[at] === 'A' ? 'B' : 'A') + seal.slice(at + 1);
    assert.equal(openDocument(altered, await publishedTrustList()).genuine, false);

    // and `sauti verify` agrees, offline, with the keys saved from /documents/keys
    const dir = await mkdtemp(join(tmpdir(), 'sauti-documents-'));
    try {
      const keys = join(dir, 'keys.json');
      await writeFile(keys, (await sauti.app.inject({ method: 'GET', url: '/documents/keys' })).body);
      const qr = join(dir, 'qr.txt');
      await writeFile(qr, `${seal}\n`);
      const genuine = spawnSync(process.execPath, [SAUTI, 'verify', qr, '--keys', keys], { encoding: 'utf8' });
      assert.equal(genuine.status, 0, genuine.stderr);
      assert.match(genuine.stdout, /^GENUINE: abstract-general PA\/SALAMA\/2026\/1/);
      const pdfFile = join(dir, 'abstract.pdf');
      const pdf = await sauti.app.inject({
        method: 'GET',
        url: '/api/documents/PA/SALAMA/2026/1.pdf',
        headers: { cookie: desk.header() },
      });
      assert.equal(pdf.statusCode, 200);
      await writeFile(pdfFile, pdf.rawPayload);
      // the rest run in this process (the same command, without starting Node again)
      const fromPdf = await sautiInProcess(['verify', pdfFile, '--keys', keys], {});
      assert.equal(fromPdf.code, 0, fromPdf.err);
      assert.match(fromPdf.out, /^GENUINE: abstract-general PA\/SALAMA\/2026\/1/);
      const forged = await sautiInProcess(['verify', altered, '--keys', keys], {});
      assert.equal(forged.code, 1);
      assert.match(forged.out, /^NOT GENUINE: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a refusal needs a written reason, which the requester reads', async () => {
    const { code } = (await ask(request('p3'))).json();
    const desk = await accounts.as('officer.salama');
    const id = (await desk.get('/api/documents/stations/salama/requests'))
      .json()
      .requests.find((r: { kind: string; status: string }) => r.kind === 'p3' && r.status === 'waiting').id;
    const blank = await postJson(sauti, desk, `/api/documents/requests/${id}/refusal`, { reason: '  ' });
    assert.equal(blank.statusCode, 400);
    assert.equal((await follow(code)).json().status, 'waiting');
    const reason = 'No injury was recorded in this entry; come to the desk so that it can be amended.';
    assert.equal((await postJson(sauti, desk, `/api/documents/requests/${id}/refusal`, { reason })).statusCode, 204);
    const refused = (await follow(code)).json();
    assert.deepEqual([refused.status, refused.refusedReason], ['refused', reason]);
  });

  test('only the station’s own desk sees and settles its requests', async () => {
    const other = await accounts.as('officer.kasarani');
    assert.equal((await other.get('/api/documents/stations/salama/requests')).statusCode, 403);
    const issued = await postJson(sauti, other, '/api/documents/stations/salama/documents', {
      kind: 'abstract_general',
      ob: slip.obNumber,
    });
    assert.equal(issued.statusCode, 403);
    const iau = await accounts.as('iau.investigator');
    assert.equal((await iau.get('/api/documents/stations/salama/requests')).statusCode, 403);
    const anonymous = await sauti.app.inject({ method: 'GET', url: '/api/documents/stations/salama/requests' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(await count('documents'), 1);
  });

  test('a request left unsettled past its day goes to the commander’s home, past the next to IAU as a case walled from the station', async () => {
    const overdueOnHome = async (username: string) => {
      const home = await (await accounts.as(username)).get('/staff');
      assert.equal(home.statusCode, 200);
      return /<li class="card overdue">[\s\S]*?href="\/staff\/documents"[\s\S]*?>(\d+) overdue: waiting for you</.exec(
        home.body,
      )?.[1];
    };
    const { code } = (await ask(request('p3'))).json();
    assert.equal(await overdueOnHome('ocs.salama'), undefined, 'not before it is due');
    sauti.platform.clock.set(new Date('2026-12-01T12:00:00+03:00'));
    assert.equal((await follow(code)).json().overdue, true);
    // the commander is told first: the staff home puts the station's late requests on top
    assert.equal(await overdueOnHome('ocs.salama'), '1');
    assert.equal(await overdueOnHome('ocs.kasarani'), undefined, 'another station’s commander is not');
    assert.deepEqual(await escalateWithheldRequests(sauti.platform), [], 'the commander has a day more first');
    sauti.platform.clock.set(new Date('2026-12-02T10:00:01+03:00'));
    const [reference, ...more] = await escalateWithheldRequests(sauti.platform);
    assert.ok(reference);
    assert.deepEqual(more, []);
    assert.deepEqual(await escalateWithheldRequests(sauti.platform), [], 'each request once');
    const { rows } = await sauti.platform.db.pool.query(
      'select category, unit_code, station_id from cases where reference = $1',
      [reference],
    );
    assert.deepEqual(rows, [{ category: 'refusal_negligence', unit_code: 'IAU', station_id: 'salama' }]);
    const ocs = await accounts.as('ocs.salama');
    assert.equal((await ocs.get('/api/documents/stations/salama/requests')).statusCode, 200);
  });
});
