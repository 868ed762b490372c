import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { canActOnCase, canDirect, caseRoles, directedUnitOf, isDirectedUnit } from './permissions.ts';

// Who may do what with a case they see; walls.test.ts and cases.test.ts show the rules at work through the pages.

const staff = (role: StaffActor['role'], unitCode: string | null = null): StaffActor => ({
  kind: 'staff',
  id: '1',
  username: role,
  displayName: role,
  role,
  unitCode,
  stationId: null,
  serviceNumber: null,
  duties: [],
});

describe('cases permissions', () => {
  test('the lead unit, the IG office and IPOA on its own cases act; an informed unit, commanders and moderators do not', () => {
    const iauCase = { unit_code: 'IAU' };
    assert.equal(canActOnCase(staff('investigator', 'IAU'), iauCase), true);
    assert.equal(canActOnCase(staff('investigator', 'DCI'), iauCase), false);
    assert.equal(canActOnCase(staff('ig_office'), iauCase), true);
    assert.equal(canActOnCase(staff('oversight_liaison', 'IPOA'), iauCase), false);
    assert.equal(canActOnCase(staff('oversight_liaison'), { unit_code: 'IPOA' }), true);
    for (const role of ['station_commander', 'officer', 'moderator', 'administrator'] as const)
      assert.equal(canActOnCase(staff(role, 'IAU'), iauCase), false, role);
  });

  test('only the IG office directs; a unit answers for itself, IPOA only through its liaison', () => {
    assert.deepEqual(
      caseRoles.filter((r) => canDirect(staff(r))),
      ['ig_office'],
    );
    assert.equal(directedUnitOf(staff('investigator', 'GENDER')), 'GENDER');
    assert.equal(directedUnitOf(staff('oversight_liaison')), 'IPOA');
    assert.equal(directedUnitOf(staff('oversight_liaison', 'NPSC')), null);
    assert.equal(directedUnitOf(staff('ig_office')), null);
    assert.equal(isDirectedUnit(staff('investigator', 'IAU'), 'IAU'), true);
    assert.equal(isDirectedUnit(staff('investigator', 'IAU'), 'DCI'), false);
    assert.equal(isDirectedUnit(staff('investigator'), 'IAU'), false);
    assert.equal(isDirectedUnit(staff('oversight_liaison', 'IPOA'), 'IPOA'), true);
  });
});
