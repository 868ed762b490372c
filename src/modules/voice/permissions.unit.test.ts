import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Duty, StaffActor } from '../../platform/auth/actor.ts';
import {
  canReadSignals,
  canWrite,
  hasInbox,
  identityShownTo,
  isIdentityCustodian,
  isRegistry,
  mayAcknowledge,
  mayAcknowledgeAny,
} from './permissions.ts';

// Who may do what with a letter they see; walls.test.ts, assignment.test.ts and voice.test.ts show the rules at work.

const staff = (
  role: StaffActor['role'],
  extra: { unitCode?: string; duties?: Duty[]; serviceNumber?: string; id?: string } = {},
): StaffActor => ({
  kind: 'staff',
  id: extra.id ?? '1',
  username: role,
  displayName: role,
  role,
  unitCode: extra.unitCode ?? null,
  stationId: null,
  serviceNumber: extra.serviceNumber ?? null,
  duties: extra.duties ?? [],
});

describe('voice permissions', () => {
  test('only staff with a service number write letters', () => {
    assert.equal(canWrite(staff('officer', { serviceNumber: '2015-088120' })), true);
    assert.equal(canWrite(staff('ig_office')), false);
  });

  test('the registry and the counselling unit acknowledge (its own requests); never the writer, an assigned unit or a liaison', () => {
    const letter = { unit_code: 'IG_OFFICE', author_id: '9' };
    const support = { unit_code: 'COUNSELLING', author_id: '9' };
    const counselling = staff('investigator', { unitCode: 'COUNSELLING' });
    assert.equal(mayAcknowledge(staff('ig_office'), letter), true);
    assert.equal(mayAcknowledge(staff('ig_office', { id: '9' }), letter), false);
    assert.equal(mayAcknowledge(counselling, support), true);
    assert.equal(mayAcknowledge(counselling, letter), false);
    assert.equal(mayAcknowledge(staff('investigator', { unitCode: 'IAU' }), letter), false);
    assert.equal(mayAcknowledgeAny(staff('investigator', { unitCode: 'IAU' })), false);
    assert.equal(mayAcknowledgeAny(staff('oversight_liaison', { unitCode: 'NPSC' })), false);
    assert.equal(mayAcknowledgeAny(counselling), true);
  });

  test("a protected writer's name: the writer, the custodian and a unit it was revealed to", () => {
    const custodian = staff('ig_office', { duties: ['identity_custodian'] });
    const s = { identity_protected: true, revealed_to: ['DCI'] };
    assert.equal(isIdentityCustodian(custodian), true);
    assert.equal(isIdentityCustodian(staff('ig_office', { duties: ['office_head'] })), false);
    assert.equal(identityShownTo(staff('ig_office'), s, false), false);
    assert.equal(identityShownTo(staff('ig_office'), s, true), true);
    assert.equal(identityShownTo(custodian, s, false), true);
    assert.equal(identityShownTo(staff('investigator', { unitCode: 'DCI' }), s, false), true);
    assert.equal(identityShownTo(staff('investigator', { unitCode: 'IAU' }), s, false), false);
    assert.equal(
      identityShownTo(
        staff('investigator', { unitCode: 'IAU' }),
        { identity_protected: false, revealed_to: [] },
        false,
      ),
      true,
    );
  });

  test('inboxes, decisions and welfare signals', () => {
    assert.equal(hasInbox(staff('oversight_liaison', { unitCode: 'NPSC' })), true);
    assert.equal(hasInbox(staff('oversight_liaison', { unitCode: 'IPOA' })), false);
    assert.equal(hasInbox(staff('station_commander')), false);
    assert.equal(isRegistry(staff('ig_office')), true);
    assert.equal(isRegistry(staff('investigator', { unitCode: 'IAU' })), false);
    assert.equal(canReadSignals(staff('ig_office')), true);
    assert.equal(canReadSignals(staff('oversight_liaison', { unitCode: 'NPSC' })), false);
  });
});
