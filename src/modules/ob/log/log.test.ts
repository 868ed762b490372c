import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { bootPlatform } from '../../../platform/boot.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import {
  decodeEntryBundle,
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifier,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../../platform/tlog/index.ts';
import { modules } from '../../index.ts';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { integrateNow, logEvents } from './index.ts';
import { hashesOf, recordReports, storedLeaves } from './test-log.ts';

let sauti: TestContext;
const get = (url: string) => sauti.app.inject({ method: 'GET', url });

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(() => sauti.close());

async function publishedCheckpoint() {
  const key = (await get('/ob/log/key')).body.trim();
  const res = await get('/ob/log/checkpoint');
  assert.equal(res.statusCode, 200, res.body);
  const { text } = openNote(res.body, [parseVerifier(key)]);
  return { res, checkpoint: parseCheckpoint(text), note: res.body };
}

describe('the national log', () => {
  test('before any entry there is no checkpoint and no tile', async () => {
    assert.equal((await get('/ob/log/checkpoint')).statusCode, 404);
    assert.equal((await get('/ob/log/tile/0/000.p/1')).statusCode, 404);
  });

  test('entries become leaves of a signed checkpoint whose root is the tree of their leaves', async () => {
    const ids = await recordReports(sauti, 5);
    const result = await integrateNow(sauti.platform);
    assert.deepEqual(result, { size: 5, integrated: 5 });
    const { res, checkpoint } = await publishedCheckpoint();
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(String(res.headers['cache-control']), /max-age=[1-5]\b/);
    assert.equal(checkpoint.origin, 'localhost:3000/ob');
    assert.equal(checkpoint.size, 5);
    const leaves = await storedLeaves(sauti);
    assert.deepEqual(
      leaves.map((l) => l.entry_id),
      ids.slice().sort((a, b) => Number(a) - Number(b)),
    );
    assert.ok(checkpoint.root.equals(rootFromLeafHashes(hashesOf(leaves))));
    // nothing new: no new checkpoint
    assert.deepEqual(await integrateNow(sauti.platform), { size: 5, integrated: 0 });
  });

  test('tiles and entry bundles are served as tlog-tiles says, only as far as a checkpoint reaches', async () => {
    await recordReports(sauti, 600);
    await integrateNow(sauti.platform);
    const leaves = await storedLeaves(sauti);
    assert.equal(leaves.length, 605);
    const hashes = hashesOf(leaves);

    const full = await get('/ob/log/tile/0/001');
    assert.equal(full.statusCode, 200);
    assert.equal(full.headers['content-type'], 'application/octet-stream');
    assert.equal(full.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.ok(full.rawPayload.equals(Buffer.concat(hashes.slice(256, 512))));

    const partial = await get('/ob/log/tile/0/002.p/93');
    assert.equal(partial.statusCode, 200);
    assert.ok(partial.rawPayload.equals(Buffer.concat(hashes.slice(512, 605))));
    // an earlier width of a tile that has grown (or filled) since is still served
    const earlier = await get('/ob/log/tile/0/000.p/5');
    assert.ok(earlier.rawPayload.equals(Buffer.concat(hashes.slice(0, 5))));
    const level1 = await get('/ob/log/tile/1/000.p/2');
    assert.ok(
      level1.rawPayload.equals(
        Buffer.concat([rootFromLeafHashes(hashes.slice(0, 256)), rootFromLeafHashes(hashes.slice(256, 512))]),
      ),
    );

    const bundle = await get('/ob/log/tile/entries/002.p/93');
    assert.equal(bundle.headers['cache-control'], 'public, max-age=31536000, immutable');
    const entries = decodeEntryBundle(bundle.rawPayload);
    assert.deepEqual(
      entries.map((e) => leafHash(e).toString('hex')),
      hashes.slice(512).map((h) => h.toString('hex')),
    );

    for (const beyond of [
      '/ob/log/tile/0/002',
      '/ob/log/tile/0/002.p/94',
      '/ob/log/tile/0/003.p/1',
      '/ob/log/tile/1/000',
      '/ob/log/tile/entries/003.p/1',
      '/ob/log/tile/0/2',
      '/ob/log/tile/0/x000/002',
    ])
      assert.equal((await get(beyond)).statusCode, 404, beyond);
  });

  test("an entry's inclusion proof from the JSON API verifies against the checkpoint given with it", async () => {
    const [id] = await recordReports(sauti, 1);
    assert.equal((await get(`/api/ob/log/proof?entry=${id}`)).statusCode, 404, 'not yet integrated');
    await integrateNow(sauti.platform);
    const key = parseVerifier((await get('/ob/log/key')).body.trim());
    for (const url of [`/api/ob/log/proof?entry=${id}`, '/api/ob/log/proof?leaf=300']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const checkpoint = parseCheckpoint(openNote(body.checkpoint, [key]).text);
      assert.equal(body.treeSize, checkpoint.size);
      const proof = (body.proof as string[]).map((p) => Buffer.from(p, 'base64'));
      assert.ok(
        verifyInclusion(Buffer.from(body.leafHash, 'hex'), body.leafIndex, body.treeSize, proof, checkpoint.root),
      );
    }
    const leaves = await storedLeaves(sauti);
    const mine = leaves.find((l) => l.entry_id === id)!;
    const proof = (await get(`/api/ob/log/proof?entry=${id}`)).json();
    assert.equal(proof.leafIndex, Number(mine.leaf_index));
    assert.equal(proof.leafHash, leafHash(mine.leaf).toString('hex'));
    assert.equal((await get('/api/ob/log/proof?leaf=100000')).statusCode, 404);
  });

  test('a consistency proof between two published checkpoints verifies', async () => {
    const res = await get('/api/ob/log/consistency?from=5&to=606');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const key = parseVerifier((await get('/ob/log/key')).body.trim());
    const from = parseCheckpoint(openNote(body.from.checkpoint, [key]).text);
    const to = parseCheckpoint(openNote(body.to.checkpoint, [key]).text);
    const proof = (body.proof as string[]).map((p) => Buffer.from(p, 'base64'));
    assert.ok(verifyConsistency(from.size, to.size, proof, from.root, to.root));
    assert.equal((await get('/api/ob/log/consistency?from=4&to=606')).statusCode, 404, 'no checkpoint of size 4');
  });

  test('two instances integrating at once never sign two roots for one size, and use every leaf index once', async () => {
    const second = await bootPlatform(sauti.config, modules, {
      db: await openDatabase({ databaseUrl: sauti.database.url, ownerUrl: sauti.database.ownerUrl }),
      skipSetup: true,
      workers: false,
    });
    try {
      for (let round = 0; round < 4; round++) {
        const recording = recordReports(sauti, 60, 8);
        const racing = [sauti.platform, second, sauti.platform, second].map(async (platform) => {
          for (let i = 0; i < 5; i++) await integrateNow(platform);
        });
        await Promise.all([recording, ...racing]);
      }
      await integrateNow(second);
    } finally {
      await second.close();
    }
    const leaves = await storedLeaves(sauti);
    const { rows: entries } = await sauti.platform.db.pool.query<{ n: number }>(
      'select count(*)::int as n from ob_entries',
    );
    assert.equal(leaves.length, entries[0]!.n);
    assert.deepEqual(
      leaves.map((l) => Number(l.leaf_index)),
      leaves.map((_, i) => i),
    );
    assert.equal(new Set(leaves.map((l) => l.entry_id)).size, leaves.length);
    const hashes = hashesOf(leaves);
    const { rows: checkpoints } = await sauti.platform.db.pool.query<{ size: string; root: Buffer }>(
      'select size, root from ob_log_checkpoints order by size',
    );
    assert.ok(checkpoints.length > 4);
    for (const c of checkpoints)
      assert.ok(c.root.equals(rootFromLeafHashes(hashes.slice(0, Number(c.size)))), `checkpoint ${c.size}`);
  });

  test("what lies beyond this instance's last checkpoint is served once another instance has signed it", async () => {
    const before = (await get('/api/ob/log/proof?leaf=0')).json();
    const second = await bootPlatform(sauti.config, modules, {
      db: await openDatabase({ databaseUrl: sauti.database.url, ownerUrl: sauti.database.ownerUrl }),
      skipSetup: true,
      workers: false,
    });
    try {
      await recordReports(sauti, 3);
      // this instance hears nothing of it: the other one signs
      assert.equal((await integrateNow(second)).size, before.treeSize + 3);
    } finally {
      await second.close();
    }
    const res = await get(`/api/ob/log/proof?leaf=${before.treeSize + 2}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().treeSize, before.treeSize + 3);
    const size = before.treeSize + 3;
    const tile = `/ob/log/tile/0/${String(Math.floor(size / 256)).padStart(3, '0')}.p/${size % 256}`;
    assert.equal((await get(tile)).statusCode, 200, tile);
  });

  test('the database refuses to rewrite leaves, tiles and checkpoints', async () => {
    const pool = sauti.platform.db.pool;
    await assert.rejects(pool.query('update ob_log_leaves set entry_id = entry_id'), /permission denied/);
    await assert.rejects(pool.query('delete from ob_log_checkpoints'), /permission denied/);
    await assert.rejects(pool.query('update ob_log_tiles set data = data'), /permission denied/);
    await assert.rejects(sauti.database.asOwner('delete from ob_log_leaves'), /append-only/);
    await assert.rejects(sauti.database.asOwner('update ob_log_checkpoints set note = note'), /append-only/);
    await assert.rejects(sauti.database.asOwner('update ob_log_state set size = 0'), /only grows/);
  });
});

describe('the background integrator', () => {
  test('a serving instance puts an acknowledged entry in a signed checkpoint without being asked', async () => {
    const serving = await startSauti();
    serving.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
    try {
      const checkpointed = once(logEvents(serving.platform), 'checkpoint');
      await recordReports(serving, 1);
      const [size] = (await checkpointed) as [number];
      assert.equal(size, 1);
      assert.equal((await serving.app.inject('/ob/log/checkpoint')).statusCode, 200);
    } finally {
      await serving.close();
    }
  });
});
