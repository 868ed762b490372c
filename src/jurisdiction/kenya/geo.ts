/**
 * Which county a point lies in, from the county boundaries in county-boundaries.geojson
 * (Boundaries © OpenStreetMap contributors (ODbL); simplified to about 400 m, so a point within a
 * few hundred metres of a border may be placed in its neighbour).
 *
 * A point-in-polygon test over 47 rings of about 5,000 points in all is a short ray-casting loop:
 * no library is needed for it.
 */
import { readFileSync } from 'node:fs';

type Position = [longitude: number, latitude: number];
interface County {
  code: string;
  /** Each polygon as its rings (the first the outline, any others holes). */
  polygons: Position[][][];
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
}

/** A point this close to a county (its coastline or the country's border), but outside every outline, is in that county. */
export const NEAR_BORDER_KM = 2;

let loaded: County[] | undefined;

/** The county outlines, read once. */
export function countyShapes(): readonly County[] {
  if (loaded) return loaded;
  const collection = JSON.parse(readFileSync(new URL('./county-boundaries.geojson', import.meta.url), 'utf8')) as {
    features: Array<{
      properties: { code: string };
      geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
    }>;
  };
  loaded = collection.features.map(({ properties, geometry }) => {
    const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Position[][][];
    const points = polygons.flat(2);
    const bbox: County['bbox'] = [
      Math.min(...points.map((p) => p[0])),
      Math.min(...points.map((p) => p[1])),
      Math.max(...points.map((p) => p[0])),
      Math.max(...points.map((p) => p[1])),
    ];
    return { code: properties.code, polygons, bbox };
  });
  return loaded;
}

/** Even-odd ray casting: a ray east from the point crosses the rings an odd number of times when it is inside (holes count too). */
function inside(polygon: Position[][], lon: number, lat: number): boolean {
  let odd = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/** Kilometres from the point to the nearest edge of the county (flat projection around the point: exact enough over a few km). */
function kmToEdge(county: County, lon: number, lat: number): number {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const ring of county.polygons.flat()) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = (ring[j]![0] - lon) * kx;
      const ay = (ring[j]![1] - lat) * ky;
      const bx = (ring[i]![0] - lon) * kx;
      const by = (ring[i]![1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/**
 * The code of the county the point (WGS 84) lies in, or undefined outside Kenya. Where simplified
 * outlines overlap, the county the point is deepest inside wins; a point just outside every
 * outline (a beach, a border post) goes to the nearest county within NEAR_BORDER_KM.
 */
export function countyAt(latitude: number, longitude: number): string | undefined {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  const margin = NEAR_BORDER_KM / 100; // degrees, generously
  const near = countyShapes().filter(
    ({ bbox: [w, s, e, n] }) =>
      longitude >= w - margin && longitude <= e + margin && latitude >= s - margin && latitude <= n + margin,
  );
  const containing = near.filter((c) => c.polygons.some((p) => inside(p, longitude, latitude)));
  if (containing.length === 1) return containing[0]!.code;
  const pool = containing.length > 1 ? containing : near;
  let best: { code: string; km: number } | undefined;
  for (const county of pool) {
    const km = kmToEdge(county, longitude, latitude);
    if (containing.length > 1 ? !best || km > best.km : km <= NEAR_BORDER_KM && (!best || km < best.km))
      best = { code: county.code, km };
  }
  return best?.code;
}
