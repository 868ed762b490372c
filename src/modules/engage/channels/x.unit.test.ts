import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Platform } from '../../../platform/module.ts';
import { parseSearchPage, waitAskedMs, XApiError, XPoller, type XPollerOptions } from './x.ts';

// The X poller's rules that need neither X nor a database: back-off, waits X asks for, reading a page.

/** A poller that never polls here: its platform is never touched. */
const poller = (options: Partial<XPollerOptions> = {}) =>
  new XPoller({} as Platform, { bearerToken: 'unused', apiUrl: 'http://127.0.0.1:9', pollMs: 60_000, ...options });

describe('the X poller, without X', () => {
  test('back-off doubles from the base up to the cap, with jitter, and honours what X asks for', () => {
    const p = poller({ backoffBaseMs: 1_000, backoffMaxMs: 8_000, random: () => 1 });
    const server = new XApiError('server', '500', 500);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((n) => p.backoffMs(server, n)),
      [1_000, 2_000, 4_000, 8_000, 8_000, 8_000],
    );
    const low = poller({ backoffBaseMs: 1_000, backoffMaxMs: 8_000, random: () => 0 });
    assert.equal(low.backoffMs(server, 3), 2_000, 'jitter keeps at least half');
    assert.equal(
      p.backoffMs(new XApiError('rate_limited', '429', 429, 30_000), 1),
      30_000,
      '429: at least until the reset',
    );
    assert.equal(
      p.backoffMs(new XApiError('rate_limited', '429', 429, 10 * 3600_000), 1),
      3600_000,
      'a wait beyond an hour is capped',
    );
    assert.equal(p.backoffMs(new XApiError('auth', '401', 401), 1), 8_000, 'a refused token waits longest');
    const now = Date.UTC(2026, 5, 22, 8, 0, 0);
    assert.equal(waitAskedMs(new Headers({ 'x-rate-limit-reset': String(now / 1000 + 60) }), now), 61_000);
    assert.equal(waitAskedMs(new Headers({ 'retry-after': new Date(now + 5_000).toUTCString() }), now), 5_000);
    assert.equal(waitAskedMs(new Headers({}), now), undefined);
  });

  test('parseSearchPage: an empty result, users missing from includes, ids that are not ids', () => {
    assert.deepEqual(parseSearchPage({ meta: { result_count: 0 } }), { posts: [], newestId: null, nextToken: null });
    const lone = parseSearchPage({
      data: [{ id: '1800000000000000001', text: 'Hi', author_id: '9' }],
      meta: { result_count: 1 },
    });
    assert.equal(lone.posts[0]!.username, null);
    assert.equal(lone.newestId, '1800000000000000001');
    assert.throws(() => parseSearchPage({ data: [{ id: '1e5', text: 'x', author_id: '9' }], meta: {} }), XApiError);
    assert.throws(
      () => parseSearchPage({ data: [{ id: '99999999999999999999', text: 'x', author_id: '9' }], meta: {} }),
      XApiError,
    );
    assert.throws(() => parseSearchPage([]), XApiError);
  });
});
