/** A colour as red, green and blue from 0 to 255 (PDFKit's form). */
export type RGB = readonly [number, number, number];

/** A colour from its web hex value (0x0b3d2e). */
export const hex = (value: number): RGB => [(value >> 16) & 255, (value >> 8) & 255, value & 255];

/** Sauti's colours, as on the site. */
export const colour = {
  ink: hex(0x0b0c0c),
  muted: hex(0x4a4f55),
  line: hex(0xb1b4b6),
  panel: hex(0xf3f2f1),
  brand: hex(0x0b3d2e),
  track: hex(0xd8dadc),
  white: hex(0xffffff),
  error: hex(0xb3261e),
  success: hex(0x00703c),
  link: hex(0x1d5aa8),
};

/** The mutable copy PDFKit's colour arguments ask for. */
export const rgb = (c: RGB): [number, number, number] => [c[0], c[1], c[2]];
