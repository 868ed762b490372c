import { qrSvg } from '../../../platform/web/qr-svg.ts';

/**
 * A document's QR code as SVG: its signed text in QR's alphanumeric mode (Base45 uses exactly that
 * alphabet), error correction Q as the EU certificates print theirs.
 */
export function sealQrSvg(seal: string): Promise<string> {
  return Promise.resolve(qrSvg(seal, { mode: 'alphanumeric', errorCorrection: 'Q', margin: 2 }));
}
