import QRCode from 'qrcode';

/** How a QR code is made: the same on a web page and in a PDF. */
export interface QrEncoding {
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

/** A horizontal run of dark modules: drawn as one rectangle, so no seams show between cells. */
export interface QrRun {
  row: number;
  start: number;
  length: number;
}

const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** The QR code of `text`: its size in modules and each row's dark runs. */
export function qrRuns(text: string, encoding: QrEncoding = {}): { size: number; runs: QrRun[] } {
  if (encoding.mode === 'alphanumeric' && !ALPHANUMERIC.test(text))
    throw new Error('qr: text for an alphanumeric QR code holds characters outside QR’s alphanumeric set');
  const data =
    encoding.mode === 'alphanumeric'
      ? [{ data: text, mode: 'alphanumeric' as const }]
      : encoding.mode === 'byte'
        ? [{ data: new TextEncoder().encode(text), mode: 'byte' as const }]
        : text;
  const { modules } = QRCode.create(data, { errorCorrectionLevel: encoding.errorCorrection ?? 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      runs.push({ row, start, length: col - start });
    }
  }
  return { size: modules.size, runs };
}
