import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { modules } from '../../modules/index.ts';
import { permissionsText, whoPasses } from './who-passes.ts';

const units = jurisdiction.units.map((u) => u.code);

test('who a rule lets in: roles, units, duties', () => {
  assert.deepEqual(whoPasses(['moderator', 'ig_office'], units), ['ig_office', 'moderator']);
  assert.deepEqual(
    whoPasses((who) => who.role === 'investigator' && who.unitCode === 'COUNSELLING', units),
    ['investigator in COUNSELLING'],
  );
  assert.deepEqual(
    whoPasses((who) => who.role === 'investigator' && who.unitCode !== null, units),
    ['investigator of any unit'],
  );
  assert.deepEqual(
    whoPasses((who) => who.duties.includes('identity_custodian'), units).filter((e) => e.startsWith('ig_office')),
    ['ig_office with identity_custodian'],
  );
  assert.deepEqual(
    whoPasses(() => false, units),
    [],
  );
});

test("sauti permissions shows each module's rules as they are, e.g. who moderates and who acknowledges letters", () => {
  const text = permissionsText(modules, units);
  assert.match(text, /^engage\n {2}moderate questions: ig_office; moderator$/m);
  assert.match(text, /^ {2}acknowledge letters: investigator in COUNSELLING; ig_office$/m);
  assert.match(text, /^ {2}see protected writers' names: ig_office with identity_custodian$/m);
  assert.match(text, /^ {2}issue and revoke API keys: administrator$/m);
});
