import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTranslations } from '../../platform/boot.ts';
import { jurisdiction as kenya } from '../../jurisdiction/kenya/index.ts';
import { modules } from '../index.ts';
import { durationText } from './pages/parts.tsx';
import {
  addDays,
  localDate,
  nextWeekday,
  occurrence,
  occurrencesDue,
  sessionState,
  weekday,
  zonedToUtc,
  type SessionTimes,
} from './schedule.ts';
import { bestCluster, CLUSTER_THRESHOLD, detectTopic, jaccard, maskPersonalDetails, tokenSet } from './text.ts';

describe('masking personal details before anything is shown', () => {
  test('Kenyan phone numbers in every common format', () => {
    for (const [input, shown] of [
      ['Call me on 0712 345 678 please', 'Call me on 07•• ••• •78 please'],
      ['+254712345678', '+2547••••••78'],
      ['254 712-345-678', '254 7••-•••-•78'],
      ['0112345678', '01••••••78'],
      ['my number is 712345678', 'my number is 7••••••78'],
    ] as const) {
      const masked = maskPersonalDetails(input);
      assert.equal(masked.text, shown);
      assert.equal(masked.count, 1);
    }
  });

  test('national ID numbers (7 or 8 digits) and e-mail addresses', () => {
    const masked = maskPersonalDetails('ID 12345678, my brother 1234567, write to wanjiku.k@example.org');
    assert.equal(masked.text, 'ID ••••••••, my brother •••••••, write to w•••@•••.org');
    assert.equal(masked.count, 3);
  });

  test('sums of money, years and station names are left alone', () => {
    const text = 'They asked for KSh 5,000 or 5000 in June 2020 at Salama, P3 form';
    assert.deepEqual(maskPersonalDetails(text), { text, count: 0 });
  });
});

describe('topics by keyword, in English and Kiswahili', () => {
  const cases: Array<[string, string]> = [
    ['Officers at the roadblock wanted a bribe', 'bribery'],
    ['Wanataka kitu kidogo kila siku, hii ni rushwa', 'bribery'],
    ['Police shot and killed my neighbour, this is extrajudicial', 'brutality'],
    ['Polisi walimpiga risasi kijana wetu, ukatili huu ukome', 'brutality'],
    ['Why do officers at Salama demand 5000 for an abstract?', 'extortion'],
    ['Tunalipishwa pesa kupata fomu ya P3 kituoni', 'extortion'],
    ['Why are fines paid in cash at roadblocks? Matatu drivers suffer', 'traffic'],
    ['Trafiki wanatoza faini bila risiti', 'traffic'],
    ['What about police welfare and mental health? Too many suicides', 'welfare'],
    ['Mshahara wa polisi ni mdogo, ustawi wao uboreshwe', 'welfare'],
    ['When will body cameras and the digital OB be rolled out?', 'reforms'],
    ['Mageuzi ya polisi yanaendeleaje? Kamera za mwili lini?', 'reforms'],
    ['Thank you for this session', 'other'],
  ];
  for (const [text, topic] of cases) test(`${topic}: ${text}`, () => assert.equal(detectTopic(text), topic));
});

describe('near-duplicate questions', () => {
  const same: Array<[string, string]> = [
    ['Why do officers at Salama demand 5000 for an abstract?', 'Salama police asking for money before giving abstract'],
    ['When will police officers get body cameras?', 'Body cams for police when?'],
    ['Polisi wa Salama wanaitisha pesa ili kutoa abstract', 'Kwa nini polisi Salama wanadai pesa kwa abstract?'],
    ['Why do officers at Salama demand 5000 for an abstract?', 'Polisi wa Salama wanaitisha pesa ili kutoa abstract'],
    [
      'Traffic police at Mlolongo demand bribes from matatu drivers',
      'Matatu drivers are forced to bribe traffic officers at Mlolongo',
    ],
    [
      'When will traffic fines be paid by M-Pesa instead of cash to officers?',
      'Traffic officers should not take cash fines. When do we pay fines by M-Pesa?',
    ],
  ];
  const different: Array<[string, string]> = [
    ['Why do officers at Salama demand 5000 for an abstract?', 'When will officers get body cameras?'],
    ['Traffic police at Mlolongo demand bribes from matatu drivers', 'Salama police demand money for an abstract'],
    ["Officers' salaries are too low", 'Officers at Salama demand money for abstracts'],
    [
      'Why do officers at Salama demand 5000 for an abstract?',
      'Why do officers at Kasarani demand money for a P3 form?',
    ],
    ['Police beat a boda boda rider at Kasarani stage', 'Kasarani police station has no digital OB yet'],
  ];
  for (const [a, b] of same) {
    test(`cluster: "${a}" ~ "${b}"`, () =>
      assert.ok(jaccard(tokenSet(a), tokenSet(b)) >= CLUSTER_THRESHOLD, `${jaccard(tokenSet(a), tokenSet(b))}`));
  }
  for (const [a, b] of different) {
    test(`keep apart: "${a}" / "${b}"`, () =>
      assert.ok(jaccard(tokenSet(a), tokenSet(b)) < CLUSTER_THRESHOLD, `${jaccard(tokenSet(a), tokenSet(b))}`));
  }

  test('tokens drop stop words of both languages, punctuation and masked details, and fold synonyms', () => {
    assert.deepEqual(tokenSet('Why do OFFICERS at Salama demand KSh 5,000?!'), ['ask', 'money', 'police', 'salama']);
    assert.deepEqual(tokenSet('Kwa nini polisi wa Salama wanadai pesa?'), ['ask', 'money', 'police', 'salama']);
    assert.deepEqual(tokenSet('Call 07•• ••• •78'), ['call']);
  });

  test('the best cluster is the most similar one at or above the threshold', () => {
    const clusters = [
      { id: '1', tokens: new Set(tokenSet('When will officers get body cameras?')) },
      { id: '2', tokens: new Set(tokenSet('Salama police asking for money before giving abstract')) },
    ];
    assert.equal(bestCluster(tokenSet('Why do officers at Salama demand 5000 for an abstract?'), clusters)?.id, '2');
    assert.equal(bestCluster(tokenSet('Mshahara wa polisi ni mdogo'), clusters), undefined);
    assert.equal(bestCluster([], clusters), undefined);
  });

  test('among 1,000 clusters the one similar question is found, and an unrelated one matches none', () => {
    const clusters = Array.from({ length: 1000 }, (_, i) => ({
      id: String(i),
      tokens: new Set(tokenSet(`question number ${i} about station ${i % 37} and topic ${i % 11}`)),
    }));
    clusters.push({
      id: 'abstract',
      tokens: new Set(tokenSet('Salama police asking for money before giving abstract')),
    });
    assert.equal(
      bestCluster(tokenSet('Why do officers at Salama demand 5000 for an abstract?'), clusters)?.id,
      'abstract',
    );
    assert.equal(bestCluster(tokenSet('Mshahara wa polisi ni mdogo'), clusters), undefined);
  });
});

describe('the schedule', () => {
  const series = {
    firstDate: '2020-06-22',
    intervalWeeks: 2,
    startTime: '11:00',
    durationMinutes: 60,
    timeZone: 'Africa/Nairobi',
  };

  test('11:00 in Nairobi is 08:00 UTC', () => {
    assert.equal(zonedToUtc('2020-06-22', '11:00', 'Africa/Nairobi').toISOString(), '2020-06-22T08:00:00.000Z');
    assert.equal(localDate(new Date('2020-06-21T21:30:00Z'), 'Africa/Nairobi'), '2020-06-22');
  });

  test('alternate Mondays from the first date, 11:00 to 12:00 Nairobi time', () => {
    const first = occurrence(series, 0);
    assert.equal(first.startsAt.toISOString(), '2020-06-22T08:00:00.000Z');
    assert.equal(first.endsAt.toISOString(), '2020-06-22T09:00:00.000Z');
    for (let k = 0; k < 6; k++) {
      const o = occurrence(series, k);
      assert.equal(o.startsAt.toISOString(), `${addDays('2020-06-22', 14 * k)}T08:00:00.000Z`);
      assert.equal(o.startsAt.getUTCDay(), 1, 'a Monday');
    }
    assert.equal(occurrence({ ...series, intervalWeeks: 1 }, 3).startsAt.toISOString(), '2020-07-13T08:00:00.000Z');
  });

  test('the sessions due: the next six ahead, and recent ones for the archive, never years back', () => {
    const due = occurrencesDue(series, new Date('2020-06-21T12:00:00Z'), 6);
    assert.deepEqual(
      due.map((o) => o.index),
      [0, 1, 2, 3, 4, 5],
    );
    const later = occurrencesDue(series, new Date('2020-07-14T12:00:00Z'), 6);
    // 22 June and 6 July have ended (within 4 weeks); 20 July is the next one
    assert.deepEqual(
      later.map((o) => o.index),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    // four weeks on, 22 June has left the window
    assert.deepEqual(
      occurrencesDue(series, new Date('2020-07-21T12:00:00Z'), 6).map((o) => o.index),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    const years = occurrencesDue(series, new Date('2024-01-01T00:00:00Z'), 6);
    assert.equal(years.length, 8);
    assert.ok(years[0]!.endsAt.getTime() > new Date('2023-12-04T00:00:00Z').getTime());
    // during a session, that session is the current one
    const during = occurrencesDue(series, new Date('2020-07-06T08:30:00Z'), 6);
    assert.equal(during.at(-6)!.index, 1);
  });

  test('the next Monday from any day', () => {
    assert.equal(weekday('2020-06-22'), 1);
    assert.equal(nextWeekday('2020-06-20', 1), '2020-06-22');
    assert.equal(nextWeekday('2020-06-22', 1), '2020-06-22');
  });

  test('state: upcoming, live, ended from the times; go live and end now; cancelled', () => {
    const s: SessionTimes = {
      status: 'scheduled',
      starts_at: new Date('2020-06-22T08:00:00Z'),
      ends_at: new Date('2020-06-22T09:00:00Z'),
      went_live_at: null,
      ended_at: null,
    };
    assert.equal(sessionState(s, new Date('2020-06-22T07:59:00Z')), 'upcoming');
    assert.equal(sessionState(s, new Date('2020-06-22T08:00:00Z')), 'live');
    assert.equal(sessionState(s, new Date('2020-06-22T09:00:00Z')), 'ended');
    assert.equal(
      sessionState({ ...s, went_live_at: new Date('2020-06-22T07:50:00Z') }, new Date('2020-06-22T07:55:00Z')),
      'live',
    );
    assert.equal(
      sessionState({ ...s, ended_at: new Date('2020-06-22T08:40:00Z') }, new Date('2020-06-22T08:45:00Z')),
      'ended',
    );
    assert.equal(sessionState({ ...s, status: 'cancelled' }, new Date('2020-06-22T08:30:00Z')), 'cancelled');
  });

  test('the countdown is words computed on the server, in English and Kiswahili', () => {
    const translations = loadTranslations(modules, kenya);
    const from = new Date('2020-06-19T04:00:00Z');
    assert.equal(durationText(translations.translator('en'), from, new Date('2020-06-22T08:00:00Z')), '3 days 4 hours');
    assert.equal(
      durationText(translations.translator('sw'), from, new Date('2020-06-22T08:00:00Z')),
      'siku 3 na saa 4',
    );
    assert.equal(durationText(translations.translator('en'), from, new Date('2020-06-20T05:01:00Z')), '1 day 1 hour');
    assert.equal(
      durationText(translations.translator('en'), from, new Date('2020-06-19T06:05:00Z')),
      '2 hours 5 minutes',
    );
    assert.equal(durationText(translations.translator('en'), from, new Date('2020-06-19T04:00:20Z')), '1 minute');
  });
});
