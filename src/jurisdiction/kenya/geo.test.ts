import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counties } from './counties.ts';
import { countyAt, countyShapes } from './geo.ts';

test('the boundaries cover exactly the 47 counties, by the same codes', () => {
  assert.deepEqual(
    countyShapes()
      .map((c) => c.code)
      .sort(),
    counties.map((c) => c.code).sort(),
  );
});

test('towns are placed in their county', () => {
  const towns: Array<[string, number, number, string]> = [
    ['Nairobi CBD', -1.2864, 36.8172, '047'],
    ['Mombasa island', -4.0435, 39.6682, '001'],
    ['Kisumu', -0.0917, 34.768, '042'],
    ['Wote', -1.7833, 37.6333, '017'],
    ['Lodwar', 3.1191, 35.5973, '023'],
    ['Mandera', 3.9366, 41.867, '009'],
    ['Lamu', -2.2717, 40.902, '005'],
    ['Malindi', -3.2192, 40.1169, '003'],
    ['Eldoret', 0.5143, 35.2698, '027'],
    ['Nakuru', -0.3031, 36.08, '032'],
    ['Busia, at the border post', 0.4608, 34.1115, '040'],
    ['Namanga, at the border post', -2.543, 36.787, '034'],
  ];
  for (const [name, lat, long, code] of towns) assert.equal(countyAt(lat, long), code, name);
});

test('points outside Kenya are in no county', () => {
  for (const [name, lat, long] of [
    ['Kampala', 0.3476, 32.5825],
    ['Dar es Salaam', -6.79, 39.21],
    ['Addis Ababa', 9.03, 38.74],
    ['the Indian Ocean', -3, 42],
    ['0, 0', 0, 0],
    ['Nairobi with lat and long swapped', 36.8172, -1.2864],
  ] as const) {
    assert.equal(countyAt(lat, long), undefined, name);
  }
  assert.equal(countyAt(Number.NaN, 36.8), undefined);
});
