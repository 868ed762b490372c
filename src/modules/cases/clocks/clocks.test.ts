import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { workingCalendar } from '../../../jurisdiction/kenya/calendar.ts';
import { workingTimeBetween } from '../../../platform/time/business-calendar.ts';
import {
  Browser,
  resetClock,
  samples,
  signIn,
  startSauti,
  validReport,
  type TestContext,
} from '../../../../test/helpers.ts';

/**
 * Case clocks on the working calendar: a complaint's first response counts working hours only (not nights,
 * weekends or Jamhuri Day), a death in custody counts every hour; the queue warns before a clock runs out and
 * escalates when it has; waiting for the reporter holds the clocks, and their reply resumes them where they stood.
 */

/** A Nairobi wall-clock time (EAT, UTC+3). */
const eat = (local: string) => new Date(`${local}+03:00`);

let sauti: TestContext;
let iau: Browser;

before(async () => {
  sauti = await startSauti({ workers: false });
  iau = await signIn(sauti.app, 'iau.investigator');
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

const at = (local: string) => sauti.platform.clock.set(eat(local));

async function file(form: Record<string, string>, files: Parameters<Browser['postMultipart']>[2] = []) {
  const res = await new Browser(sauti.app).postMultipart('/report', form, files);
  assert.equal(res.statusCode, 201, res.body.slice(0, 300));
  return {
    reference: /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!,
    receipt: /id="receipt-code">\s*([\d ]{19})/.exec(res.body)![1]!.replace(/ /g, ''),
    body: res.body,
  };
}

interface Listed {
  reference: string;
  status: string;
  overdue: boolean;
  dueSoon: boolean;
  nextClock: string | null;
  nextDueAt: string | null;
  evidenceCount: number;
}

async function listed(reference: string, query = 'status=all'): Promise<Listed | undefined> {
  const res = await iau.get(`/api/cases?${query}`);
  assert.equal(res.statusCode, 200);
  return (res.json() as { cases: Listed[] }).cases.find((c) => c.reference === reference);
}

async function row(reference: string) {
  const { rows } = await sauti.platform.db.pool.query<{
    first_response_due_at: Date;
    update_due_at: Date | null;
    resolution_due_at: Date | null;
  }>('select first_response_due_at, update_due_at, resolution_due_at from cases where reference = $1', [reference]);
  return rows[0]!;
}

const caseUrl = (reference: string) => `/staff/cases/${reference}`;

async function setStatus(reference: string, status: string) {
  const res = await iau.post(
    `${caseUrl(reference)}/status`,
    { status, reason: 'Need the date and the receipt number', publicNote: 'Please tell us the date it happened.' },
    { csrfFrom: caseUrl(reference) },
  );
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
}

describe('the first response on the working calendar', () => {
  let reference = '';

  test('a bribery report on the Friday before Jamhuri Day is due on Tuesday afternoon', async () => {
    // Friday 11 December 2026, 16:30: half an hour that day; Saturday is Jamhuri Day, Sunday is off;
    // nine hours on Monday; six and a half on Tuesday
    at('2026-12-11T16:30');
    const filed = await file({ ...validReport, description: 'The desk officer asked me for chai before Jamhuri Day' });
    reference = filed.reference;
    assert.deepEqual((await row(reference)).first_response_due_at, eat('2026-12-15T14:30'));
    const c = (await listed(reference))!;
    assert.equal(c.nextClock, 'first_response');
    assert.equal(c.nextDueAt, eat('2026-12-15T14:30').toISOString());
  });

  test('warned when a fifth of the time is left, escalated once it is out', async () => {
    // a fifth of 16 working hours is 3 h 12 min before 14:30 on Tuesday: 11:18
    at('2026-12-15T11:17');
    assert.deepEqual([(await listed(reference))?.dueSoon, (await listed(reference))?.overdue], [false, false]);
    assert.equal(await listed(reference, 'status=all&dueSoon=true'), undefined);

    at('2026-12-15T11:19');
    assert.equal((await listed(reference, 'status=all&dueSoon=true'))?.dueSoon, true, 'in the due-soon view');
    const home = await iau.get('/staff');
    assert.match(home.body, /\d+ due soon/, 'the staff home counts it');
    const queue = await iau.get('/staff/cases?status=open&soon=1');
    assert.match(queue.body, new RegExp(`${reference}[\\s\\S]*?Due soon[\\s\\S]*?First response`));

    at('2026-12-15T14:31');
    const late = await listed(reference, 'status=all&overdue=true');
    assert.deepEqual([late?.overdue, late?.dueSoon], [true, false], 'escalated, no longer merely due soon');
    assert.match((await iau.get('/staff/cases?status=open&overdue=1')).body, new RegExp(reference));
  });

  test('a death reported on a Saturday night counts every hour', async () => {
    at('2026-12-12T02:00');
    const filed = await file({ ...validReport, category: 'death_serious_injury', description: 'Shot during arrest' });
    assert.deepEqual((await row(filed.reference)).first_response_due_at, eat('2026-12-13T02:00'));
  });
});

describe('waiting for the reporter holds the clocks', () => {
  let filed: { reference: string; receipt: string };

  test('the first message starts the update clock: a working week (45 h) later', async () => {
    at('2026-12-14T09:00');
    filed = await file({ ...validReport, description: 'Officers took my phone at the roadblock' });
    at('2026-12-14T10:00');
    const sent = await iau.post(
      `${caseUrl(filed.reference)}/messages`,
      { message: 'We have your report. Which roadblock was it?' },
      { csrfFrom: caseUrl(filed.reference) },
    );
    assert.equal(sent.statusCode, 303);
    assert.deepEqual((await row(filed.reference)).update_due_at, eat('2026-12-21T10:00'));
    assert.equal((await listed(filed.reference))?.nextClock, 'update');
  });

  test('while waiting nothing runs: weeks later the case is neither due nor escalated', async () => {
    at('2026-12-15T09:00');
    await setStatus(filed.reference, 'under_investigation');
    at('2026-12-15T10:00');
    await setStatus(filed.reference, 'waiting_for_reporter');
    const waiting = (await listed(filed.reference, 'status=waiting_for_reporter'))!;
    assert.deepEqual([waiting.nextClock, waiting.nextDueAt], [null, null]);
    at('2027-02-01T10:00');
    const later = (await listed(filed.reference))!;
    assert.deepEqual([later.overdue, later.dueSoon], [false, false]);
    const queue = await iau.get('/staff/cases?status=waiting_for_reporter');
    assert.match(queue.body, /Clocks held: waiting for the reporter/);
    assert.match((await iau.get('/staff')).body, /1 waiting for the reporter/);
    resetClock(sauti.platform);
  });

  test("the reporter's answer resumes the clocks with the time they had left, and the case goes on", async () => {
    const before = await row(filed.reference);
    // the status change was an update: the update clock restarted at 10:00 on Tuesday, then held
    const heldAt = eat('2026-12-15T10:00');
    const resolutionLeft = workingTimeBetween(workingCalendar, heldAt, before.resolution_due_at!);
    at('2026-12-17T10:00');
    const citizen = new Browser(sauti.app);
    await citizen.post('/follow', { receipt: filed.receipt }, { csrfFrom: '/follow' });
    const follow = await citizen.get('/follow');
    assert.match(follow.body, /waiting for your answer/i);
    const replied = await citizen.post(
      '/follow/messages',
      { message: 'It was the Mlolongo roadblock.' },
      { csrfFrom: '/follow' },
    );
    assert.equal(replied.statusCode, 303);
    const now = await row(filed.reference);
    assert.equal(
      workingTimeBetween(workingCalendar, eat('2026-12-17T10:00'), now.resolution_due_at!),
      resolutionLeft,
      'the resolution clock lost nothing while held',
    );
    // 45 working hours from Thursday 10:00: Thursday 24 December 10:00
    assert.deepEqual(now.update_due_at, eat('2026-12-24T10:00'));
    const c = (await listed(filed.reference))!;
    assert.deepEqual([c.status, c.nextClock], ['under_investigation', 'update'], 'back where it stood');
    const timeline = (await citizen.get('/follow')).body;
    assert.match(timeline, /Waiting for the reporter[\s\S]*Under investigation/, 'the timeline shows both steps');
  });
});

describe('evidence in the queue', () => {
  test('counted when filed and when the reporter adds more; sortable', async () => {
    resetClock(sauti.platform);
    const photo = { name: 'evidence', filename: 'a.png', type: 'image/png', data: samples.png };
    const two = await file({ ...validReport, description: 'Two photos of the officer' }, [
      photo,
      { ...photo, filename: 'b.png' },
    ]);
    assert.equal((await listed(two.reference))?.evidenceCount, 2);
    const citizen = new Browser(sauti.app);
    await citizen.post('/follow', { receipt: two.receipt }, { csrfFrom: '/follow' });
    const added = await citizen.postMultipart('/follow/evidence', {}, [{ ...photo, filename: 'c.png' }], {
      csrfFrom: '/follow',
    });
    assert.equal(added.statusCode, 303, added.body.slice(0, 300));
    assert.equal((await listed(two.reference))?.evidenceCount, 3);
    const sorted = (await iau.get('/api/cases?status=all&sort=evidence&dir=desc')).json() as { cases: Listed[] };
    assert.equal(sorted.cases[0]!.reference, two.reference, 'the case with most evidence first');
    const page = await iau.get('/staff/cases?status=all&sort=evidence&dir=desc');
    assert.match(page.body, /aria-sort="descending"[^>]*>\s*<a[^>]*>Evidence/);
  });
});
