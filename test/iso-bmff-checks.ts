/** Checks on cleaned ISO base media files, shared by the tests of the cleaning and of the stored copy. */
import assert from 'node:assert/strict';
import { planCleaning, type Expected } from '../src/platform/blobs/iso-bmff-clean.ts';
import { bufferSource } from '../src/platform/blobs/iso-bmff.ts';
import { patchBuffer } from '../src/platform/blobs/patches.ts';
import { latin1, MARKERS, PLACE } from './iso-bmff-fixtures.ts';

export async function clean(file: Buffer, expected: Expected): Promise<Buffer> {
  const plan = await planCleaning(bufferSource(file), expected);
  assert.ok(plan.ok, plan.ok ? '' : plan.reason);
  return patchBuffer(file, plan.patches);
}

export async function couldNotClean(file: Buffer, expected: Expected): Promise<string> {
  const plan = await planCleaning(bufferSource(file), expected);
  assert.equal(plan.ok, false, 'could not clean');
  return plan.ok ? '' : plan.reason;
}

export function assertNoMarkers(output: Buffer, markers = MARKERS): void {
  for (const marker of markers) assert.equal(output.includes(latin1(marker)), false, `${marker} is gone`);
  assert.equal(output.includes(Buffer.from(PLACE)), false);
}

export interface Found {
  path: string;
  type: string;
  start: number;
  end: number;
}

/** Walks boxes independently of the code under test, into the containers a movie's header has. */
export function walk(file: Buffer, from = 0, to = file.length, path = ''): Found[] {
  const found: Found[] = [];
  for (let at = from; at + 8 <= to;) {
    let size = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(file.readBigUInt64BE(at + 8));
    if (size === 0) size = to - at;
    if (size < 8) break;
    found.push({ path: `${path}/${type}`, type, start: at, end: at + size });
    const header = file.readUInt32BE(at) === 1 ? 16 : 8;
    if (['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(type)) {
      found.push(...walk(file, at + header, at + size, `${path}/${type}`));
    }
    at += size;
  }
  return found;
}
