import assert from 'node:assert/strict';
import { demoAccounts, type TestContext } from '../../../../test/helpers.ts';
import { leafHash, rootFromLeafHashes, type NodeReader } from '../../../platform/tlog/index.ts';
import { lostPhone, postJson } from '../test-desk.ts';

/** Records `count` lost-phone reports at Kasarani through the desk's API, `parallel` at a time; answers their ids. */
export async function recordReports(sauti: TestContext, count: number, parallel = 16): Promise<string[]> {
  const desk = await demoAccounts(() => sauti.app).as('officer.kasarani');
  const ids: string[] = [];
  for (let done = 0; done < count; done += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - done) }, (_, i) =>
      postJson(sauti, desk, '/api/ob/stations/kasarani/entries', {
        ...lostPhone,
        narrative: `${lostPhone.narrative} (${done + i})`,
      }),
    );
    for (const res of await Promise.all(batch)) {
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id as string);
    }
  }
  return ids;
}

/** The leaves of the tree in leaf order, as the database holds them. */
export async function storedLeaves(
  sauti: TestContext,
): Promise<Array<{ leaf_index: string; entry_id: string; leaf: Buffer }>> {
  const { rows } = await sauti.platform.db.pool.query(
    `select l.leaf_index, l.entry_id, e.leaf from ob_log_leaves l join ob_entries e on e.id = l.entry_id order by l.leaf_index`,
  );
  return rows;
}

/** A node reader over leaf hashes held in memory (a tree computed apart from the log's code). */
export function memoryReader(leafHashes: readonly Buffer[]): NodeReader {
  return async (ids) =>
    ids.map(({ level, index }) => rootFromLeafHashes(leafHashes.slice(index * 2 ** level, (index + 1) * 2 ** level)));
}

export const hashesOf = (leaves: ReadonlyArray<{ leaf: Buffer }>): Buffer[] => leaves.map((l) => leafHash(l.leaf));
