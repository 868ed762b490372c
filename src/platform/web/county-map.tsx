/**
 * A choropleth map of areas (Kenya's 47 counties) drawn on the server as SVG: each area filled by the class of its
 * value, withheld values hatched, areas without a value left white, and a legend in HTML below the picture. No
 * tiles, no script; with `hrefFor` each area is a link, so a county can filter the page without JavaScript.
 * Every text is given by the caller, already translated. The drawing reuses place-map.tsx's frame and paths.
 */
import { areaPath, frameFor, project, type MapArea } from './place-map.tsx';

type Frame = ReturnType<typeof frameFor>;

export interface CountyMapProps {
  areas: readonly MapArea[];
  /** Area code → its value; null when the value is withheld (suppressed); an area absent here has no data. */
  values: ReadonlyMap<string, number | null>;
  /** Area code → its name, for the tooltips and link names ("Kisumu: 12"); the code is shown when missing. */
  names: ReadonlyMap<string, string>;
  /** What the map shows, for people who cannot see it (the SVG's accessible name). */
  label: string;
  /** The legend's heading, e.g. "Reports per 100,000 people". */
  legendTitle: string;
  /** How a value reads in the tooltips and the legend (the caller's locale and units). */
  formatValue: (value: number) => string;
  /** Shown for an area with no value in `values`, e.g. "No data". */
  noDataText: string;
  /** Shown for an area whose value is null, e.g. "Withheld (fewer than 5)". */
  withheldText: string;
  /** The boundaries' attribution, e.g. "Boundaries © OpenStreetMap contributors (ODbL)". */
  attribution: string;
  /** An area drawn with a strong outline (and, when it is a link, marked aria-current). */
  selected?: string | undefined;
  /** Where a click on an area leads; without it the areas are not links. */
  hrefFor?: ((code: string) => string) | undefined;
  /** Unique on the page; prefixes the id of the hatch pattern. Default "county-map". */
  id?: string | undefined;
}

/** The map's width in SVG units (it scales to its box); its height follows the areas' shape. */
export const MAP_WIDTH = 480;
const MAX_HEIGHT = 640;
/** Points closer than this to the last point kept, after projection, are left out (in SVG units). */
export const MIN_STEP = 0.7;
/** Classes of values: c1 (lowest) to c5 (highest), their colours in sauti.css. */
export const CLASSES = 5;

/**
 * Quantile class breaks: up to n - 1 ascending thresholds, each the lowest value of its class, so that a value falls
 * in class `classOf(value, breaks)` (0 to breaks.length) and each class holds about as many values as the others.
 * Ties can leave fewer classes (never an empty one); no values, or all equal, give no breaks (one class).
 */
export function classBreaks(values: readonly number[], n: number): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let i = 1; i < n; i++) {
    const threshold = sorted[Math.ceil((i * sorted.length) / n)];
    if (threshold !== undefined && threshold > (breaks.at(-1) ?? sorted[0]!)) breaks.push(threshold);
  }
  return breaks;
}

/** The class of a value: how many breaks are at or below it. */
export function classOf(value: number, breaks: readonly number[]): number {
  return breaks.filter((b) => b <= value).length;
}

/** The colour (c1 to c5) of class `index` of `count`: fewer classes spread over the palette, ends kept. */
export function colourOf(index: number, count: number): string {
  return `c${count <= 1 ? Math.ceil(CLASSES / 2) : 1 + Math.round((index * (CLASSES - 1)) / (count - 1))}`;
}

/**
 * The area with the points that would be drawn within `minStep` of the last point kept left out (a ring's first
 * point is always kept), and rings left with fewer than 3 points dropped, a polygon with its outline. Pure.
 */
export function thinArea(frame: Frame, area: MapArea, minStep = MIN_STEP): MapArea {
  const polygons = area.polygons
    .map((rings) =>
      rings.map((ring) => {
        const kept: typeof ring = [];
        let last: [number, number] | undefined;
        for (const p of ring) {
          const [x, y] = project(frame, p);
          if (last && Math.hypot(x - last[0], y - last[1]) < minStep) continue;
          kept.push(p);
          last = [x, y];
        }
        return kept;
      }),
    )
    .filter((rings) => rings[0] && rings[0].length >= 3)
    .map((rings) => rings.filter((ring) => ring.length >= 3));
  return { ...area, polygons };
}

/** The box around all the areas: [west, south, east, north]. */
export function bboxOf(areas: readonly MapArea[]): MapArea['bbox'] {
  return [
    Math.min(...areas.map((a) => a.bbox[0])),
    Math.min(...areas.map((a) => a.bbox[1])),
    Math.max(...areas.map((a) => a.bbox[2])),
    Math.max(...areas.map((a) => a.bbox[3])),
  ];
}

interface LegendEntry {
  fill: string;
  text: string;
}

/** What each area is drawn as, and the legend for it: the classes with the range of values each holds. */
function classify(props: CountyMapProps) {
  const { areas, values, formatValue, noDataText, withheldText, id = 'county-map' } = props;
  const known = areas.map((a) => values.get(a.code)).filter((v): v is number => Number.isFinite(v));
  const breaks = classBreaks(known, CLASSES);
  const count = known.length ? breaks.length + 1 : 0;
  const hatch = `url(#${id}-hatch)`;
  const drawn = (code: string) => {
    const value = values.get(code);
    if (value === null) return { fill: hatch, text: withheldText };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { fill: 'nodata', text: noDataText };
    return { fill: colourOf(classOf(value, breaks), count), text: formatValue(value) };
  };
  const legend: LegendEntry[] = [];
  for (let i = 0; i < count; i++) {
    const inClass = known.filter((v) => classOf(v, breaks) === i);
    const [low, high] = [Math.min(...inClass), Math.max(...inClass)];
    const text = low === high ? formatValue(low) : `${formatValue(low)}–${formatValue(high)}`;
    legend.push({ fill: colourOf(i, count), text });
  }
  const fills = new Set(areas.map((a) => drawn(a.code).fill));
  if (fills.has(hatch)) legend.push({ fill: hatch, text: withheldText });
  if (fills.has('nodata')) legend.push({ fill: 'nodata', text: noDataText });
  return { drawn, legend };
}

/** A fill is either a class (styled by sauti.css) or a paint server reference (the hatch pattern). */
const paint = (fill: string, extra = '') =>
  fill.startsWith('url(') ? { class: `withheld${extra}`, fill } : { class: `${fill}${extra}` };

function Area({
  d,
  fill,
  title,
  href,
  selected,
}: {
  d: string;
  fill: string;
  title: string;
  href?: string | undefined;
  selected: boolean;
}) {
  const look = paint(fill, selected ? ' selected' : '');
  if (href === undefined)
    return (
      <path d={d} {...look}>
        <title>{title}</title>
      </path>
    );
  return (
    <a href={href} {...(selected ? { 'aria-current': 'true' } : {})}>
      <title>{title}</title>
      <path d={d} {...look} />
    </a>
  );
}

function Legend({ id, title, entries }: { id: string; title: string; entries: LegendEntry[] }) {
  return (
    <div class="county-map-legend">
      <p class="county-map-legend-title" id={id}>
        {title}
      </p>
      <ul>
        {entries.map((e) => (
          <li>
            <svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="23" height="15" {...paint(e.fill)} />
            </svg>
            {e.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The choropleth: the areas in one frame around them all, the selected one last (its outline on top). */
export function CountyMap(props: CountyMapProps) {
  const { areas, names, label, legendTitle, attribution, selected, hrefFor, id = 'county-map' } = props;
  if (!areas.length) return null;
  const frame = frameFor(bboxOf(areas), MAP_WIDTH, MAX_HEIGHT);
  const { drawn, legend } = classify(props);
  const ordered = [...areas.filter((a) => a.code !== selected), ...areas.filter((a) => a.code === selected)];
  return (
    <figure class="county-map" id={id} aria-labelledby={`${id}-title`}>
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${frame.height}`}
        role={hrefFor ? 'group' : 'img'}
        aria-label={label}
        focusable="false"
        xmlns="http://www.w3.org/2000/svg"
      >
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" class="hatch-ground" />
            <path d="M1.5 0v6" class="hatch-line" />
          </pattern>
        </defs>
        {ordered.map((area) => {
          const { fill, text } = drawn(area.code);
          return (
            <Area
              d={areaPath(frame, thinArea(frame, area))}
              fill={fill}
              title={`${names.get(area.code) ?? area.code}: ${text}`}
              href={hrefFor?.(area.code)}
              selected={area.code === selected}
            />
          );
        })}
      </svg>
      <Legend id={`${id}-title`} title={legendTitle} entries={legend} />
      <figcaption class="attribution">{attribution}</figcaption>
    </figure>
  );
}
