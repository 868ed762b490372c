export { createPdf, type PdfInfo, type PdfOptions } from './document.ts';
export { A4, PdfWriter, type Box, type FontName, type PageLayout, type TextStyle } from './writer.ts';
export type { ElementOptions, Tag } from './structure.ts';
export { printable, type Printable } from './printable.ts';
export { colour, hex, type RGB } from './colour.ts';
export { drawQr, drawQrAtMargin } from './qr.ts';
