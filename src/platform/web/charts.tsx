/**
 * Charts drawn on the server as SVG: no script, readable at 360 px, and each with its numbers in
 * a table for screen readers and for anyone without CSS (the table is visually hidden otherwise).
 * Every text is given by the caller, already translated.
 */

export interface BarDatum {
  label: string;
  value: number;
  /** Shown instead of the plain number (e.g. "12 (40%)"). */
  valueText?: string | undefined;
}

export interface BarChartProps {
  /** Unique on the page; prefixes the ids of the chart's parts. */
  id: string;
  /** What the chart shows, e.g. "Bar chart: questions received by topic" (the SVG's title). */
  title: string;
  /** The table's caption and column headings. */
  caption: string;
  labelHeading: string;
  valueHeading: string;
  data: BarDatum[];
  /** The value of a full-length bar (default: the largest value). */
  max?: number | undefined;
}

// One row: the label on a line of its own above its bar, so long labels fit a narrow screen.
const LABEL_Y = 15;
const BAR_Y = 21;
const BAR_HEIGHT = 16;
const ROW = 46;
/** Bars use at most this share of the width, leaving room for the value after the longest bar. */
const BAR_SPAN = 75;

/** Percentage of the width for a value, with a sliver for small non-zero values so they stay visible. */
export function barPercent(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(0.75, Math.round((Math.min(value, max) / max) * BAR_SPAN * 100) / 100);
}

const valueText = (d: BarDatum) => d.valueText ?? String(d.value);

/** A horizontal bar chart: an SVG image with a title and description, and the same data as a table. */
export function BarChart({ id, title, caption, labelHeading, valueHeading, data, max }: BarChartProps) {
  const top = max ?? Math.max(0, ...data.map((d) => d.value));
  const height = data.length * ROW;
  return (
    <div class="chart" id={id}>
      <svg
        class="chart-svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        width="100%"
        height={height}
        focusable="false"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{data.map((d) => `${d.label}: ${valueText(d)}`).join('; ')}</desc>
        {data.map((d, i) => (
          <BarRow datum={d} y={i * ROW} width={barPercent(d.value, top)} text={valueText(d)} />
        ))}
        <line
          class="chart-axis"
          x1="0.5"
          x2="0.5"
          y1={BAR_Y - 2}
          y2={height - ROW + BAR_Y + BAR_HEIGHT + 2}
          stroke="#4a4f55"
          stroke-width="1"
        />
      </svg>
      <ChartTable caption={caption} labelHeading={labelHeading} valueHeading={valueHeading} data={data} />
    </div>
  );
}

function BarRow({ datum, y, width, text }: { datum: BarDatum; y: number; width: number; text: string }) {
  return (
    <g class="chart-row">
      <text class="chart-label" x="0" y={y + LABEL_Y} font-size="14">
        {datum.label}
      </text>
      {width > 0 ? (
        <rect class="chart-bar" x="0" y={y + BAR_Y} width={`${width}%`} height={BAR_HEIGHT} fill="#0b3d2e" />
      ) : null}
      <text class="chart-value" x={`${width}%`} dx={6} y={y + BAR_Y + 13} font-size="14" font-weight="700">
        {text}
      </text>
    </g>
  );
}

/** The chart's data as a table, for screen readers. */
function ChartTable({
  caption,
  labelHeading,
  valueHeading,
  data,
}: Pick<BarChartProps, 'caption' | 'labelHeading' | 'valueHeading' | 'data'>) {
  return (
    <>
      {/* a table ignores the 1px box of .visually-hidden; the block around it does not */}
      <div class="visually-hidden">
        <table class="chart-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr>
                <th scope="row">{d.label}</th>
                <td>{valueText(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A single bar showing a share of a whole (e.g. clusters answered), decorative: the figure is given in words beside it. */
export function ShareBar({ share }: { share: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, share)) * 10000) / 100;
  return (
    <svg
      class="chart-share"
      width="100%"
      height="10"
      aria-hidden="true"
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect class="chart-share-track" x="0" y="0" width="100%" height="10" fill="#d8dadc" />
      {percent > 0 ? (
        <rect class="chart-share-fill" x="0" y="0" width={`${percent}%`} height="10" fill="#0b3d2e" />
      ) : null}
    </svg>
  );
}
