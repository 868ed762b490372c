import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, leafBytes, personCommitment, type LeafPerson } from './leaf.ts';

// The leaf format is published: these bytes must never change for the same entry (an old leaf would no
// longer match the entry it commits to).

const salt = Buffer.alloc(32, 7);
const entry = {
  stationId: 'kasarani',
  obNumber: '12/30/11/2026',
  kind: 'arrest',
  occurredAt: new Date('2026-11-30T07:15:00.123Z'),
  recordedAt: new Date('2026-11-30T08:00:00Z'),
  amends: '3/30/11/2026',
  salt,
  content: {
    recordedBy: '42',
    recordedByServiceNumber: null,
    place: 'Mwiki stage — "Soko"',
    narrative: 'Alikamatwa\nusiku 🌙',
    details: { z: [1, { b: 2, a: null }], a: 'x', m: { y: true, x: 1.5 } },
    property: [{ description: 'Simu', value: 12000 }],
    links: ['7', '9'],
    amendReason: 'Jina',
  },
  persons: [
    {
      role: 'suspect',
      name: 'Otieno',
      idNumber: '12345678',
      phone: null,
      age: 23,
      sex: 'male',
      salt: Buffer.alloc(32, 1),
    },
    {
      role: 'complainant',
      name: null,
      idNumber: null,
      phone: '+254712345678',
      age: null,
      sex: null,
      salt: Buffer.alloc(32, 2),
    },
  ],
};

test('an entry gives the published leaf bytes, with salted commitments to what it says and to each person', () => {
  assert.equal(
    leafBytes(entry).toString('utf8'),
    'sauti-ob-entry/v1\nstation kasarani\nob 12/30/11/2026\nkind arrest\noccurred 2026-11-30T07:15:00.123Z\nrecorded 2026-11-30T08:00:00.000Z\namends 3/30/11/2026\ncontent 5UYoCMpejQa0UiJAJ0oWznURAGIgiTF1GuP8PadzMEY=\nperson suspect ckmV2v/ong+J35/NY1oLpfi7lpcX1Z+iMDqixf6mPmU=\nperson complainant DERCOnt+ao8sR4RzekhlVQ1FZ+x01uwslEOViMu3zKs=\n',
  );
});

test("an erased person's leaf keeps the commitment it already held", () => {
  assert.equal(
    leafBytes(entry, new Map([[1, 'ERASED']])).toString('utf8'),
    'sauti-ob-entry/v1\nstation kasarani\nob 12/30/11/2026\nkind arrest\noccurred 2026-11-30T07:15:00.123Z\nrecorded 2026-11-30T08:00:00.000Z\namends 3/30/11/2026\ncontent 5UYoCMpejQa0UiJAJ0oWznURAGIgiTF1GuP8PadzMEY=\nperson suspect ckmV2v/ong+J35/NY1oLpfi7lpcX1Z+iMDqixf6mPmU=\nperson complainant ERASED\n',
  );
});

test('canonical JSON sorts keys at every depth, drops undefined members and writes numbers as JSON does', () => {
  assert.equal(
    canonicalJson({ b: [undefined, 1, 'é\u2028'], a: { d: undefined, c: -0, e: 1e21 }, '': {} }),
    '{"":{},"a":{"c":0,"e":1e+21},"b":[null,1,"é\u2028"]}',
  );
});

test('a person with a field left out, or one more than the six, commits to exactly what it holds', () => {
  const witness = { role: 'witness', name: 'Wanjiru', phone: null, age: 40, sex: 'female', salt: Buffer.alloc(32, 3) };
  assert.equal(
    personCommitment({ ...witness, idNumber: undefined } as unknown as LeafPerson),
    'idSQEsXsLGKzwi/h3VSpSHdyviuM6tA6pOPpsSolBc4=',
  );
  assert.equal(
    personCommitment({ ...witness, idNumber: '1', nickname: 'Shiro' } as unknown as LeafPerson),
    'yjEmnAsb9LXWKJU+daGVzPSsR7bEXfkEt7WG49jAuQw=',
  );
});
