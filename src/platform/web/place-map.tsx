/**
 * A small map drawn on the server as SVG: one area (a county) filled, its neighbours in outline for context, and a
 * point where something happened; no tiles, no script, nothing fetched from elsewhere. Areas are lon/lat polygons
 * (GeoJSON order); the projection is equirectangular, its east-west scale taken at the area's middle latitude,
 * which is true to shape at a county's size.
 */

type Position = [longitude: number, latitude: number];

export interface MapArea {
  code: string;
  /** Each polygon as its rings (the first the outline, any others holes). */
  polygons: Position[][][];
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
}

interface Frame {
  west: number;
  north: number;
  scaleX: number;
  scaleY: number;
  /** Where the frame's west edge and north edge fall on the map, in pixels. */
  offsetX: number;
  offsetY: number;
}

const WIDTH = 320;
const MAX_HEIGHT = 260;
const PADDING = 8;

/** The frame that fits `bbox` into the map's width (and at most its height), north up, centred. */
export function frameFor(bbox: MapArea['bbox'], width = WIDTH, maxHeight = MAX_HEIGHT): Frame & { height: number } {
  const [west, south, east, north] = bbox;
  const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * shrink, 1e-6);
  const spanY = Math.max(north - south, 1e-6);
  const scale = Math.min((width - 2 * PADDING) / spanX, (maxHeight - 2 * PADDING) / spanY);
  return {
    west,
    north,
    scaleX: scale * shrink,
    scaleY: scale,
    offsetX: (width - spanX * scale) / 2,
    offsetY: PADDING,
    height: Math.round(spanY * scale + 2 * PADDING),
  };
}

/** Where a lon/lat position falls on the map, in its pixels. */
export function project(frame: Frame, [lon, lat]: Position): [number, number] {
  return [(lon - frame.west) * frame.scaleX + frame.offsetX, (frame.north - lat) * frame.scaleY + frame.offsetY];
}

/** A number of tenths of a pixel, written short: 12 is "1.2", -3 is "-.3". */
const tenths = (n: number) => String(n / 10).replace(/^(-?)0\./, '$1.');

/**
 * One ring as a path: its first point, then each step from the point before (shorter than absolute positions), in
 * tenths of a pixel counted from the rounded positions so the steps add up exactly; repeated points are left out.
 */
function ringPath(frame: Frame, ring: Position[]): string {
  let out = '';
  let at: [number, number] | undefined;
  for (const p of ring) {
    const [x, y] = project(frame, p).map((v) => Math.round(v * 10)) as [number, number];
    if (!at) out += `M${tenths(x)} ${tenths(y)}l`;
    else if (x !== at[0] || y !== at[1])
      for (const step of [tenths(x - at[0]), tenths(y - at[1])])
        out += (out.endsWith('l') || step.startsWith('-') ? '' : ' ') + step;
    at = [x, y];
  }
  return (out.endsWith('l') ? out.slice(0, -1) : out) + 'z';
}

/** The SVG path of an area's polygons (holes cut out by the even-odd rule). */
export function areaPath(frame: Frame, area: MapArea): string {
  return area.polygons
    .flat()
    .map((ring) => ringPath(frame, ring))
    .join('');
}

const overlaps = (a: MapArea['bbox'], b: MapArea['bbox']) =>
  a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export function PlaceMap({
  areas,
  area,
  point,
  label,
  attribution,
}: {
  areas: readonly MapArea[];
  /** The area shown, filled; its neighbours are drawn around it. */
  area: string;
  point?: { latitude: number; longitude: number } | undefined;
  /** What the map shows, for people who cannot see it. */
  label: string;
  attribution: string;
}) {
  const shown = areas.find((a) => a.code === area);
  if (!shown) return null;
  const frame = frameFor(shown.bbox);
  const neighbours = areas.filter((a) => a !== shown && overlaps(a.bbox, shown.bbox));
  const at = point ? project(frame, [point.longitude, point.latitude]) : undefined;
  return (
    <figure class="place-map">
      <svg
        viewBox={`0 0 ${WIDTH} ${frame.height}`}
        width={WIDTH}
        height={frame.height}
        role="img"
        aria-label={label}
        xmlns="http://www.w3.org/2000/svg"
      >
        <rect width={WIDTH} height={frame.height} class="outside" />
        {neighbours.map((n) => (
          <path d={areaPath(frame, n)} class="neighbour" fill-rule="evenodd" />
        ))}
        <path d={areaPath(frame, shown)} class="area" fill-rule="evenodd" />
        {at ? (
          <g class="point">
            <circle cx={at[0].toFixed(1)} cy={at[1].toFixed(1)} r="9" class="halo" />
            <circle cx={at[0].toFixed(1)} cy={at[1].toFixed(1)} r="4" class="dot" />
          </g>
        ) : null}
      </svg>
      <figcaption class="attribution">{attribution}</figcaption>
    </figure>
  );
}
