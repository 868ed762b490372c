import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { localDate, localTime } from './schedule.ts';
import { createOneOffSession } from './schedule/series.ts';
import { setSessionLive } from './schedule/service.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

test('a question and a name written with a direction override and zero-width characters are shown cleaned on the public session page', async () => {
  const ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
  const at = new Date(sauti.platform.clock.now().getTime() + 30 * 60_000);
  const id = await createOneOffSession(sauti.platform, ig, {
    date: localDate(at, jurisdiction.timeZone),
    time: localTime(at, jurisdiction.timeZone),
    durationMinutes: 60,
    moderation: 'post',
  });
  await setSessionLive(sauti.platform, ig, id, true);

  const citizen = new Browser(sauti.app);
  const question =
    'Why\u200b was the OCS at Kasarani \u202edesufer\u202c a P3\u2066 form\u2069 to my\ufeff sister\u0000?';
  const res = await citizen.post(
    `/engage/sessions/${id}/questions`,
    { question, name: 'Wan\u200djiku\u202e' },
    { csrfFrom: `/engage/sessions/${id}/ask` },
  );
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));

  const page = await citizen.get(`/engage/sessions/${id}`);
  assert.equal(page.statusCode, 200);
  assert.ok(
    page.body.includes('Why was the OCS at Kasarani desufer a P3 form to my sister?'),
    'the question is shown without the invisible characters',
  );
  assert.ok(page.body.includes('Wanjiku'), 'and so is the name');
  for (const invisible of ['\u202e', '\u202c', '\u2066', '\u2069', '\u200b', '\u200d', '\ufeff', '\u0000']) {
    assert.ok(
      !page.body.includes(invisible),
      `no U+${invisible.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()} on the page`,
    );
  }
  const stored = (
    await sauti.platform.db.pool.query<{ body: string; display_name: string }>(
      'select body, display_name from engage_questions where session_id = $1',
      [id],
    )
  ).rows[0]!;
  assert.equal(stored.body, 'Why was the OCS at Kasarani desufer a P3 form to my sister?');
  assert.equal(stored.display_name, 'Wanjiku');
});
