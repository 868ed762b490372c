import QRCode from 'qrcode';

/**
 * A document's QR code as SVG: its signed text in QR's alphanumeric mode (Base45 uses exactly that
 * alphabet), error correction Q as the EU certificates print theirs.
 */
export function sealQrSvg(seal: string): Promise<string> {
  return QRCode.toString([{ data: seal, mode: 'alphanumeric' }], { type: 'svg', errorCorrectionLevel: 'Q', margin: 2 });
}
