import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { publicActor, type StaffActor } from './actor.ts';
import { requireStaff } from './require-staff.ts';
import { Forbidden, NotFound, Unauthenticated } from '../http/errors.ts';

// The one staff guard: who is not staff is asked to sign in; who is staff but not let in is refused.

const staff = (role: StaffActor['role'], extra: Partial<StaffActor> = {}): StaffActor => ({
  kind: 'staff',
  id: '1',
  username: role,
  displayName: role,
  role,
  unitCode: null,
  stationId: null,
  serviceNumber: null,
  duties: [],
  ...extra,
});

describe('requireStaff', () => {
  test('the public and Sauti itself are unauthenticated (401), whatever the rule', () => {
    for (const actor of [publicActor, { kind: 'system', label: 'jobs' } as const]) {
      assert.throws(() => requireStaff(actor), Unauthenticated);
      assert.throws(() => requireStaff(actor, ['ig_office']), Unauthenticated);
      assert.throws(() => requireStaff(actor, () => true, { refuse: 'not_found' }), Unauthenticated);
    }
  });

  test('without a rule any staff member passes, and is returned as is', () => {
    const officer = staff('officer');
    assert.equal(requireStaff(officer), officer);
  });

  test('a role list lets in only those roles; others get 403', () => {
    assert.equal(requireStaff(staff('moderator'), ['moderator', 'ig_office']).role, 'moderator');
    const refused = (() => {
      try {
        requireStaff(staff('officer'), ['moderator', 'ig_office']);
      } catch (error) {
        return error;
      }
    })();
    assert.ok(refused instanceof Forbidden);
    assert.equal(refused.status, 403);
  });

  test('a rule may look at more than the role (a unit, a duty)', () => {
    const counselling = (who: StaffActor) => who.role === 'investigator' && who.unitCode === 'COUNSELLING';
    assert.equal(requireStaff(staff('investigator', { unitCode: 'COUNSELLING' }), counselling).unitCode, 'COUNSELLING');
    assert.throws(() => requireStaff(staff('investigator', { unitCode: 'IAU' }), counselling), Forbidden);
  });

  test('where existence is hidden, the refused get the same 404 as for nothing there', () => {
    assert.throws(() => requireStaff(staff('investigator'), ['ig_office'], { refuse: 'not_found' }), NotFound);
    assert.equal(requireStaff(staff('ig_office'), ['ig_office'], { refuse: 'not_found' }).role, 'ig_office');
  });
});
