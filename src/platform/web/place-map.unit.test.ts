import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { countyShapes } from '../../jurisdiction/kenya/geo.ts';
import { frameFor, PlaceMap, project } from './place-map.tsx';

const nairobi = () => countyShapes().find((c) => c.code === '047')!;

test("a county's frame fits the map: its north-west corner at the top left, its south-east within the picture", () => {
  const { bbox } = nairobi();
  const frame = frameFor(bbox);
  const [x0, y0] = project(frame, [bbox[0], bbox[3]]);
  const [x1, y1] = project(frame, [bbox[2], bbox[1]]);
  assert.ok(x0 >= 0 && x0 < 40 && y0 >= 0 && y0 < 20, `north-west at ${x0}, ${y0}`);
  assert.ok(x1 > 280 && x1 <= 320 && y1 <= frame.height && y1 > frame.height - 20, `south-east at ${x1}, ${y1}`);
  // east-west shrinks with the cosine of the latitude: Turkana (north) is drawn wider per degree than Kwale (south)
  const wide = frameFor([35, 3, 36, 4]);
  assert.ok(Math.abs(wide.scaleX / wide.scaleY - Math.cos((3.5 * Math.PI) / 180)) < 1e-9);
});

test('the map draws the county, its neighbours, the point and the attribution, and says what it shows', () => {
  const svg = render(
    h(PlaceMap, {
      areas: countyShapes(),
      area: '047',
      point: { latitude: -1.2864, longitude: 36.8172 },
      label: 'Map of Nairobi City county, with the place reported marked',
      attribution: 'Boundaries © OpenStreetMap contributors (ODbL)',
    }),
  );
  assert.match(
    svg,
    /<svg viewBox="0 0 320 \d+"[^>]*role="img" aria-label="Map of Nairobi City county, with the place reported marked"/,
  );
  assert.equal((svg.match(/class="area"/g) ?? []).length, 1);
  assert.ok((svg.match(/class="neighbour"/g) ?? []).length >= 3, 'Kiambu, Machakos and Kajiado around it');
  const [, cx, cy] = /<circle cx="([\d.]+)" cy="([\d.]+)" r="4"/.exec(svg)!;
  const height = Number(/viewBox="0 0 320 (\d+)"/.exec(svg)![1]);
  assert.ok(Number(cx) > 0 && Number(cx) < 320 && Number(cy) > 0 && Number(cy) < height, 'the point is on the map');
  assert.match(svg, /Boundaries © OpenStreetMap contributors \(ODbL\)/);
  assert.equal(render(h(PlaceMap, { areas: countyShapes(), area: '999', label: 'x', attribution: 'y' })), '');
});
