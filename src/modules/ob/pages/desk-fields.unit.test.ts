import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadInput } from '../../../platform/http/errors.ts';
import { asFormProblems, deskBody, formField } from './desk-fields.ts';

test("the desk form's rows become the body's lists, empty rows left out, and only the chosen kind's section is read", () => {
  const { body, rows } = deskBody({
    kind: 'arrest',
    occurredAt: '2026-11-30T09:00',
    narrative: 'Suspect found with a phone matching a report.',
    'persons.0.role': 'complainant',
    'persons.1.role': 'arrested',
    'persons.1.name': 'John Doe',
    'persons.1.age': '24',
    'property.2.description': 'Wallet with KES 350',
    'links.1': 'OB 3/30/11/2026',
    'arrest.arrestedAt': '2026-11-30T09:00',
    'arrest.arrestedBy': 'Cpl. Otieno',
    'arrest.reason': 'Handling stolen property',
    'release.releaseMode': 'bail',
    'firearm.officers': 'nobody',
  });
  assert.deepEqual(body, {
    kind: 'arrest',
    occurredAt: '2026-11-30T09:00',
    place: '',
    narrative: 'Suspect found with a phone matching a report.',
    persons: [{ role: 'arrested', name: 'John Doe', idNumber: '', phone: '', age: '24', sex: '' }],
    property: [{ description: 'Wallet with KES 350', quantity: '', serial: '' }],
    links: ['OB 3/30/11/2026'],
    arrestedAt: '2026-11-30T09:00',
    arrestedBy: 'Cpl. Otieno',
    reason: 'Handling stolen property',
  });
  assert.deepEqual(rows, { persons: [1], property: [2], links: [1] });
});

test("the service's field names are turned back into the form's, row by row", () => {
  const rows = { persons: [1, 3], property: [2], links: [1] };
  assert.equal(formField('persons.1.age', 'arrest', rows), 'persons.3.age');
  assert.equal(formField('property.0.quantity', 'lost_property', rows), 'property.2.quantity');
  assert.equal(formField('links.0', 'report', rows), 'links.1');
  assert.equal(formField('reason', 'arrest', rows), 'arrest.reason');
  assert.equal(formField('officers', 'firearm_issued', rows), 'firearm.officers');
  assert.equal(formField('officers', 'booking_out', rows), 'booking.officers');
  assert.equal(formField('releaseOf', 'release', rows), 'release.releaseOf');
  assert.equal(formField('persons', 'arrest', rows), 'persons.0.name');
  assert.equal(formField('property', 'lost_property', rows), 'property.0.description');
  assert.equal(formField('narrative', 'arrest', rows), 'narrative');
  const renamed = asFormProblems(
    new BadInput([{ field: 'persons.0.phone', message: 'ob.error.phone' }]),
    'report',
    rows,
  );
  assert.deepEqual(renamed.problems, [{ field: 'persons.1.phone', message: 'ob.error.phone' }]);
});

test('a correction is sent only when the form names one', () => {
  assert.equal('amends' in deskBody({ kind: 'general', narrative: 'x' }).body, false);
  const { body } = deskBody({ kind: 'general', narrative: 'x', amends: 'OB 1/30/11/2026', amendReason: 'typo' });
  assert.equal(body.amends, 'OB 1/30/11/2026');
  assert.equal(body.amendReason, 'typo');
});
