import QRCode from 'qrcode';
import { rgb, type RGB } from './colour.ts';
import type { PdfWriter } from './writer.ts';

/**
 * A QR code of `text`, `size` points square, its lower left corner at (x, y), as a Figure with `alt`
 * for its alternative text. Dark runs of a row are rectangles of one path, filled at once: vector,
 * and without seams between cells.
 */
export function drawQr(
  w: PdfWriter,
  text: string,
  at: { x: number; y: number; size: number; color: RGB; alt: string },
): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = at.size / modules.size;
  w.figure(at.alt, { x: at.x, y: at.y, width: at.size, height: at.size }, (doc, left, top) => {
    for (let row = 0; row < modules.size; row++) {
      let col = 0;
      while (col < modules.size) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < modules.size && modules.get(row, col)) col++;
        doc.rect(left + start * cell, top + row * cell, (col - start) * cell, cell);
      }
    }
    doc.fill(rgb(at.color));
  });
}
