import QRCode from 'qrcode';
import { rgb, type RGB } from './colour.ts';
import type { PdfWriter } from './writer.ts';

export interface QrOptions {
  x: number;
  y: number;
  size: number;
  color: RGB;
  alt: string;
  /** Error correction (default M); signed documents use Q, as printed certificates do. */
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
  /**
   * 'alphanumeric' encodes the whole text in QR's alphanumeric mode (0-9, A-Z, space and $%*+-./:), as
   * Base45 text is meant to be: denser than bytes, so a smaller code. Text outside that set is refused.
   * 'byte' encodes the text as its UTF-8 bytes in one segment (an address). Default: the encoder
   * picks the modes.
   */
  mode?: 'alphanumeric' | 'byte';
}

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * A QR code of `text`, `size` points square, its lower left corner at (x, y), as a Figure with `alt`
 * for its alternative text. Dark runs of a row are rectangles of one path, filled at once: vector,
 * and without seams between cells.
 */
export function drawQr(w: PdfWriter, text: string, at: QrOptions): void {
  if (at.mode === 'alphanumeric' && !ALPHANUMERIC.test(text))
    throw new Error('pdf: text for an alphanumeric QR code holds characters outside QR’s alphanumeric set');
  const data =
    at.mode === 'alphanumeric'
      ? [{ data: text, mode: 'alphanumeric' as const }]
      : at.mode === 'byte'
        ? [{ data: new TextEncoder().encode(text), mode: 'byte' as const }]
        : text;
  const { modules } = QRCode.create(data, { errorCorrectionLevel: at.errorCorrection ?? 'M' });
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
