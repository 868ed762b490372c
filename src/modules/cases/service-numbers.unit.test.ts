import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalServiceNumber, serviceNumberKey } from '../../jurisdiction/kenya/index.ts';
import { serviceNumberExamples as examples } from './service-number-examples.ts';

describe("the canonical form of a service number (the jurisdiction's rule)", () => {
  for (const [typed, canonical] of examples) {
    test(`${JSON.stringify(typed)} → ${canonical ?? 'none'}`, () => {
      assert.equal(canonicalServiceNumber(typed), canonical);
    });
  }

  test("an officer's own number that has no canonical form is compared exactly as held", () => {
    assert.equal(serviceNumberKey('2015/088120'), '2015-088120');
    assert.equal(serviceNumberKey('LEGACY-77'), 'LEGACY-77');
    assert.equal(serviceNumberKey(null), null);
  });
});
