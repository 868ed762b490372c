export { createPdf, type PdfInfo, type PdfOptions } from './document.ts';
export { A4, PdfWriter, type FontName, type Fonts, type PageLayout, type TextStyle } from './writer.ts';
export { MISSING, printable, type Printable } from './printable.ts';
export { colour, hex, type RGB } from './colour.ts';
export { drawQr } from './qr.ts';
