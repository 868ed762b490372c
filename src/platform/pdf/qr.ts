import QRCode from 'qrcode';
import type { PDFPage, RGB } from 'pdf-lib';

/** A QR code of `text`, `size` points square, its lower left corner at (x, y); dark runs drawn as one rectangle. */
export function drawQr(page: PDFPage, text: string, at: { x: number; y: number; size: number; color: RGB }): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = at.size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      page.drawRectangle({
        x: at.x + start * cell,
        y: at.y + at.size - (row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: at.color,
      });
    }
  }
}
