import { qrRuns, type QrEncoding } from '../qr-code.ts';
import { colour, rgb, type RGB } from './colour.ts';
import type { PdfWriter } from './writer.ts';

export interface QrOptions extends QrEncoding {
  x: number;
  y: number;
  size: number;
  color: RGB;
  alt: string;
}

/**
 * A QR code of `text`, `size` points square, its lower left corner at (x, y), as a Figure with `alt`
 * for its alternative text. Dark runs of a row are rectangles of one path, filled at once: vector,
 * and without seams between cells.
 */
export function drawQr(w: PdfWriter, text: string, at: QrOptions): void {
  const { size, runs } = qrRuns(text, at);
  const cell = at.size / size;
  w.figure(at.alt, { x: at.x, y: at.y, width: at.size, height: at.size }, (doc, left, top) => {
    for (const r of runs) doc.rect(left + r.start * cell, top + r.row * cell, r.length * cell, cell);
    doc.fill(rgb(at.color));
  });
}

/**
 * A QR code at the left margin, from the current line down, for text to be set beside it (indented by
 * more than `size`); the function it answers moves the writer below both the code and that text.
 */
export function drawQrAtMargin(
  w: PdfWriter,
  text: string,
  at: Omit<QrOptions, 'x' | 'y' | 'color'> & { color?: RGB },
): () => void {
  const top = w.y;
  drawQr(w, text, { ...at, x: w.margin, y: top - at.size, color: at.color ?? colour.ink });
  return () => {
    w.y = Math.min(w.y, top - at.size);
  };
}
