import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { counties } from '../../jurisdiction/kenya/counties.ts';
import { countyShapes } from '../../jurisdiction/kenya/geo.ts';
import { bboxOf, classBreaks, classOf, colourOf, CountyMap, type CountyMapProps, thinArea } from './county-map.tsx';
import { frameFor, type MapArea, project } from './place-map.tsx';

const ATTRIBUTION = 'Boundaries © OpenStreetMap contributors (ODbL)';
/** The byte budget for the whole figure with all 47 counties, links and a selected county. */
const BUDGET = 40_000;

const names = new Map(counties.map((c) => [c.code, c.name]));
/** A value for every county (Nairobi the largest), Lamu's withheld, Mandera's missing. */
const values = new Map<string, number | null>(counties.map((c, i) => [c.code, c.code === '047' ? 900 : (i * 7) % 60]));
values.set('005', null);
values.delete('009');

const props = (over: Partial<CountyMapProps> = {}): CountyMapProps => ({
  areas: countyShapes(),
  values,
  names,
  label: 'Map of Kenya: reports per county',
  legendTitle: 'Reports',
  formatValue: (n) => n.toLocaleString('en-KE'),
  noDataText: 'No data',
  withheldText: 'Withheld',
  attribution: ATTRIBUTION,
  ...over,
});
const draw = (over: Partial<CountyMapProps> = {}) => render(h(CountyMap, props(over)));

test('quantile breaks: five classes of two from 1 to 10, fewer classes where values tie, none without values', () => {
  const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  assert.deepEqual(classBreaks(ten, 5), [3, 5, 7, 9]);
  assert.deepEqual(
    ten.map((v) => classOf(v, [3, 5, 7, 9])),
    [4, 4, 3, 3, 2, 2, 1, 1, 0, 0],
  );
  // many zeros: one class for them, never an empty class
  assert.deepEqual(classBreaks([0, 0, 0, 0, 0, 0, 1, 2, 3, 100], 5), [1, 3]);
  assert.deepEqual(classBreaks([4, 4, 4], 5), []);
  assert.deepEqual(classBreaks([], 5), []);
  assert.deepEqual(classBreaks([2, 1], 5), [2]);
  // 47 values make classes of 9 or 10
  const many = Array.from({ length: 47 }, (_, i) => i);
  const breaks = classBreaks(many, 5);
  const sizes = [0, 1, 2, 3, 4].map((k) => many.filter((v) => classOf(v, breaks) === k).length);
  assert.deepEqual(sizes, [10, 9, 10, 9, 9]);
  // fewer classes keep the palette's ends: two classes are its lightest and darkest
  assert.deepEqual([colourOf(0, 2), colourOf(1, 2), colourOf(0, 1), colourOf(4, 5)], ['c1', 'c5', 'c3', 'c5']);
});

test('points closer than 0.7 px to the last kept are dropped; the shape and small rings are kept whole', () => {
  const frame = frameFor([0, 0, 1, 1], 480, 640);
  const step = 0.3 / frame.scaleY; // 0.3 px apart, north to south along the west edge
  const ring: Array<[number, number]> = Array.from({ length: 11 }, (_, i) => [0, 1 - i * step]);
  const area: MapArea = { code: 'x', polygons: [[[...ring, [1, 0], [1, 1], [0, 1]]]], bbox: [0, 0, 1, 1] };
  const thin = thinArea(frame, area);
  const kept = thin.polygons[0]![0]!;
  const ys = kept.slice(0, 4).map((p) => project(frame, p)[1] - project(frame, [0, 1])[1]);
  assert.deepEqual(
    ys.map((y) => Math.round(y * 10) / 10),
    [0, 0.9, 1.8, 2.7],
  );
  assert.ok(kept.some((p) => p[0] === 1 && p[1] === 0) && kept.some((p) => p[0] === 1 && p[1] === 1), 'corners kept');
  // a ring smaller than a pixel has nothing left to draw
  const speck: MapArea = { code: 'y', polygons: [[ring.slice(0, 3)]], bbox: [0, 0, 1, 1] };
  assert.deepEqual(thinArea(frame, speck).polygons, []);
});

test('all 47 counties are drawn, each with its name and value, in a frame around the whole country', () => {
  const svg = draw();
  assert.equal((svg.match(/<path d="M[^"]+" class="(c\d|withheld|nodata)"/g) ?? []).length, 47);
  assert.match(svg, /<svg viewBox="0 0 480 \d+" role="img" aria-label="Map of Kenya: reports per county"/);
  assert.match(svg, /<title>Nairobi City: 900<\/title>/);
  assert.match(svg, /<title>Mombasa: 0<\/title>/);
  const frame = frameFor(bboxOf(countyShapes()), 480, 640);
  assert.ok(frame.height > 500 && frame.height < 640, `Kenya is taller than wide: ${frame.height}`);
  // Nairobi is in the top class, and the legend ends with its value
  assert.match(svg, /<path d="[^"]+" class="c5"><title>Nairobi City: 900</);
  assert.match(svg, /<li><svg [^>]*><rect [^>]*class="c5"><\/rect><\/svg>\d+–900<\/li>/);
  assert.equal((svg.match(/<li>/g) ?? []).length, 7, 'five classes, withheld, no data');
  assert.match(svg, /<figcaption class="attribution">Boundaries © OpenStreetMap contributors \(ODbL\)<\/figcaption>/);
});

test('a withheld county is hatched and says so; a county without a value is white and says so', () => {
  const svg = draw({ id: 'reports-map' });
  assert.match(svg, /<pattern id="reports-map-hatch"/);
  assert.match(svg, /<path d="[^"]+" class="withheld" fill="url\(#reports-map-hatch\)"><title>Lamu: Withheld<\/title>/);
  assert.match(svg, /<rect [^>]*class="withheld" fill="url\(#reports-map-hatch\)"><\/rect><\/svg>Withheld<\/li>/);
  assert.match(svg, /<path d="[^"]+" class="nodata"><title>Mandera: No data<\/title>/);
  assert.match(svg, /class="nodata"><\/rect><\/svg>No data<\/li>/);
  // without withheld or missing values the legend has neither
  const full = new Map(counties.map((c) => [c.code, 1 + Number(c.code)]));
  const plain = draw({ values: full });
  assert.doesNotMatch(plain, /Withheld|No data/);
  assert.equal((plain.match(/<li>/g) ?? []).length, 5);
});

test('the selected county is outlined, drawn last, and marked current; with hrefFor each county is a link', () => {
  const svg = draw({ selected: '042', hrefFor: (code) => `?county=${code}#county-map` });
  assert.match(svg, /<svg [^>]*role="group" aria-label="Map of Kenya: reports per county"/, 'links stay reachable');
  assert.equal((svg.match(/<a href="\?county=\d{3}#county-map"/g) ?? []).length, 47);
  assert.equal((svg.match(/ selected"/g) ?? []).length, 1);
  assert.match(
    svg,
    /<a href="\?county=042#county-map" aria-current="true"><title>Kisumu: [\d,]+<\/title><path d="[^"]+" class="c\d selected"><\/path><\/a><\/svg>/,
  );
  assert.doesNotMatch(draw(), /<a |selected/);
});

test(`the whole map stays under ${BUDGET} bytes`, () => {
  const bytes = Buffer.byteLength(draw({ selected: '047', hrefFor: (code) => `/insights?county=${code}` }));
  assert.ok(bytes < BUDGET, `${bytes} bytes`);
  assert.ok(Buffer.byteLength(draw()) < bytes);
});
