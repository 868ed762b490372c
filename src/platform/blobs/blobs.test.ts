import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Browser, samples, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';
import { modules } from '../../modules/index.ts';
import { blobColumns, blobSweepJob, BLOB_GRACE_MS, sweepOrphanBlobs } from './sweep.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const DAY = 24 * 3600_000;
/** A photo no other test sent. */
const photo = () => Buffer.concat([samples.png, randomBytes(16)]);
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Keeps a file in the blob store the way a request does, outside any record. */
async function keep(data: Buffer): Promise<string> {
  const blob = await sauti.platform.blobs.ingest(Readable.from([data]), 1 << 20);
  await sauti.platform.blobs.keep(blob);
  return blob.sha256;
}

/** Sets a kept file's time `days` back from now: its age, as the sweep reads it. */
async function age(sha256: string, days: number): Promise<void> {
  const then = new Date(Date.now() - days * DAY);
  await utimes(sauti.platform.blobs.path(sha256), then, then);
}

describe('the orphan file sweep', () => {
  test('removes an old file no record names and an old unfinished temporary file; keeps a named file and a fresh one', async () => {
    const orphan = await keep(photo());
    await age(orphan, 2);
    const fresh = await keep(photo());

    const evidence = photo();
    const res = await new Browser(sauti.app).postMultipart('/report', validReport, [
      { name: 'evidence', filename: 'a.png', type: 'image/png', data: evidence },
    ]);
    assert.equal(res.statusCode, 201);
    const named = (
      await sauti.platform.db.pool.query<{ sha256: string }>('select sha256 from evidence order by id desc limit 1')
    ).rows[0]!.sha256;
    await age(named, 30);

    const leftover = join(sauti.config.blobDir, 'tmp', 'crashed-upload');
    await writeFile(leftover, 'half a video');
    await utimes(leftover, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));

    // the durable job itself, as pg-boss runs it
    await blobSweepJob(sauti.platform, blobColumns(modules)).run({});

    assert.equal(await sauti.platform.blobs.has(orphan), false, 'the old orphan is gone');
    assert.ok(await sauti.platform.blobs.verify(named), 'the file a report names stays, however old');
    assert.ok(
      await sauti.platform.blobs.has(fresh),
      'a file younger than the grace period stays (its request may still be storing it)',
    );
    await assert.rejects(utimes(leftover, new Date(), new Date()), /ENOENT/, 'the old temporary file is gone');
  });

  test('the grace period counts from the last time a request kept the file, not from when it was first written', async () => {
    const data = photo();
    const sha256 = await keep(data);
    await age(sha256, 2);
    await keep(data);
    assert.equal(await sweepOrphanBlobs(sauti.platform, blobColumns(modules)), 0);
    assert.ok(await sauti.platform.blobs.has(sha256));
    // a day and more later by the platform's clock, with no record naming it, it goes
    sauti.platform.clock.set(new Date(Date.now() + BLOB_GRACE_MS + 60_000));
    try {
      assert.ok((await sweepOrphanBlobs(sauti.platform, blobColumns(modules))) >= 1);
    } finally {
      sauti.platform.clock.reset();
    }
    assert.equal(await sauti.platform.blobs.has(sha256), false);
  });

  test('refuses to run while a sha256 column is declared by no module, and removes nothing', async () => {
    const orphan = await keep(photo());
    await age(orphan, 2);
    const columns = blobColumns(modules);
    await assert.rejects(
      sweepOrphanBlobs(sauti.platform, { files: columns.files, notFiles: [] }),
      /voice_submissions\.sha256 not declared/,
    );
    assert.ok(await sauti.platform.blobs.has(orphan));
  });
});

describe('a refused request takes back its files', () => {
  test('what it wrote is removed; what was there before it, and what another request in flight holds, stay', async () => {
    const blobs = sauti.platform.blobs;
    const earlier = photo();
    const earlierName = await keep(earlier);
    const mine = photo();
    const shared = photo();
    let otherKept!: () => void;
    const otherHasKept = new Promise<void>((resolve) => (otherKept = resolve));
    let finishOther!: () => void;
    const otherMayFinish = new Promise<void>((resolve) => (finishOther = resolve));
    let other: Promise<void> | undefined;
    await assert.rejects(
      blobs.batch(async () => {
        const mineName = await keep(mine);
        const sharedName = await keep(shared);
        await keep(earlier);
        assert.ok((await blobs.has(mineName)) && (await blobs.has(sharedName)));
        // another request sends the same file while this one is still being checked
        other = blobs.batch(async (batch) => {
          await keep(shared);
          otherKept();
          await otherMayFinish;
          batch.recorded();
        });
        await otherHasKept;
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(await blobs.has(sha(mine)), false, 'the file only it wrote is gone');
    assert.ok(await blobs.has(earlierName), 'a file that was there before it stays');
    assert.ok(await blobs.has(sha(shared)), 'a file another request in flight holds stays');
    finishOther();
    await other;
    assert.ok(await blobs.verify(sha(shared)));
  });
});
