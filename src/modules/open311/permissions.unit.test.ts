import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { publicActor, roles, type StaffActor } from '../../platform/auth/actor.ts';
import { mayManageKeys } from './permissions.ts';

const staff = (role: StaffActor['role']): StaffActor => ({
  kind: 'staff',
  id: '1',
  username: role,
  displayName: role,
  role,
  unitCode: null,
  stationId: null,
  serviceNumber: null,
  duties: [],
});

describe('open311 permissions', () => {
  test('API keys are managed by Sauti itself (the command line) or an administrator, nobody else', () => {
    assert.equal(mayManageKeys({ kind: 'system', label: 'sauti open311 key' }), true);
    assert.equal(mayManageKeys(publicActor), false);
    assert.deepEqual(
      roles.filter((r) => mayManageKeys(staff(r))),
      ['administrator'],
    );
  });
});
