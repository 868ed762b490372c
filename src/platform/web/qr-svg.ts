import { h, type VNode } from 'preact';
import { qrRuns, type QrEncoding } from '../qr-code.ts';

export interface QrSvgOptions extends QrEncoding {
  /** The quiet zone around the code, in modules (default 2). */
  margin?: number;
}

/**
 * A QR code's dark modules as one SVG path in module units, the quiet zone included: each row's dark
 * runs are rectangles ("M x y h n v 1 h -n z"), filled at once, so no seams show between cells.
 */
export function qrPath(text: string, options: QrSvgOptions = {}): { size: number; d: string } {
  const { size, runs } = qrRuns(text, options);
  const margin = options.margin ?? 2;
  const d = runs.map((r) => `M${r.start + margin} ${r.row + margin}h${r.length}v1h-${r.length}z`).join('');
  return { size: size + 2 * margin, d };
}

const attribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A QR code as SVG markup, black on white, scaled by its container (for a page that holds it as text). */
export function qrSvg(text: string, options: QrSvgOptions & { label?: string } = {}): string {
  const { size, d } = qrPath(text, options);
  const named = options.label ? ` role="img" aria-label="${attribute(options.label)}"` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"${named}>` +
    `<path fill="#ffffff" d="M0 0h${size}v${size}H0z"/><path fill="#000000" d="${d}"/></svg>`
  );
}

export interface QrCodeProps extends QrSvgOptions {
  /** What the code holds (an absolute address, for a phone to open). */
  text: string;
  /** Its accessible name: what scanning it opens. */
  label: string;
  /** Its width and height in CSS pixels (default 120). */
  pixels?: number;
  class?: string;
}

/** A QR code drawn inline as an SVG image, named for screen readers, synchronous (for server-rendered pages). */
export function QrCode({ text, label, pixels = 120, class: className, ...options }: QrCodeProps): VNode {
  const { size, d } = qrPath(text, options);
  return h(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${size} ${size}`,
      width: pixels,
      height: pixels,
      role: 'img',
      'aria-label': label,
      'shape-rendering': 'crispEdges',
      ...(className ? { class: className } : {}),
    },
    h('path', { fill: '#ffffff', d: `M0 0h${size}v${size}H0z` }),
    h('path', { fill: '#000000', d }),
  );
}
