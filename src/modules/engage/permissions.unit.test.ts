import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roles, type StaffActor } from '../../platform/auth/actor.ts';
import { canModerate, canRunConsole } from './permissions.ts';

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

describe('engage permissions', () => {
  test('moderators and the IG office moderate; only the IG office runs the console', () => {
    assert.deepEqual(
      roles.filter((r) => canModerate(staff(r))),
      ['ig_office', 'moderator'],
    );
    assert.deepEqual(
      roles.filter((r) => canRunConsole(staff(r))),
      ['ig_office'],
    );
  });
});
