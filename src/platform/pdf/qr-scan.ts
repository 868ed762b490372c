import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/*
 * QR codes read back the way a phone reads them, for tests: a PDF's page rasterised by poppler's
 * pdftoppm (Debian package poppler-utils), or an SVG QR code of the web pages drawn into pixels, then
 * decoded by ZXing, an implementation independent of the encoder that drew them.
 */

const require = createRequire(import.meta.url);
// the decoder's WebAssembly from the installed package, not from its default CDN
prepareZXingModule({
  overrides: {
    wasmBinary: new Uint8Array(await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))).buffer,
  },
});

export type ScannedQr = Awaited<ReturnType<typeof readBarcodes>>[number];

/** The QR codes on a page of a PDF printed at `dpi` (positions are in that page's pixels). */
export async function scanPdfQrCodes(pdf: Uint8Array, options: { page?: number; dpi?: number } = {}) {
  const page = String(options.page ?? 1);
  const dir = await mkdtemp(join(tmpdir(), 'sauti-qr-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    const args = ['-png', '-r', String(options.dpi ?? 150), '-f', page, '-l', page, '-singlefile', 'in.pdf', 'page'];
    await promisify(execFile)('pdftoppm', args, { cwd: dir });
    return await readBarcodes(new Uint8Array(await readFile(join(dir, 'page.png'))), { formats: ['QRCode'] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The QR codes of SVG markup as Sauti's pages draw them (platform/web/qr-svg.ts: a viewBox in
 * modules, dark runs as "M x y h n v 1 h -n z" rectangles), drawn 4 pixels a module, black on white.
 */
export async function scanSvgQrCodes(svg: string): Promise<ScannedQr[]> {
  const found: ScannedQr[] = [];
  for (const [, size, d] of svg.matchAll(
    /viewBox="0 0 (\d+) \1"[^>]*>\s*<path[^>]*>(?:<\/path>)?\s*<path fill="#000000" d="([^"]*)"/g,
  )) {
    const scale = 4;
    const width = Number(size) * scale;
    const data = new Uint8ClampedArray(width * width * 4).fill(255);
    for (const [, x, y, n] of d!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
      for (let row = Number(y) * scale; row < (Number(y) + 1) * scale; row++)
        for (let col = Number(x) * scale; col < (Number(x) + Number(n)) * scale; col++)
          data.fill(0, (row * width + col) * 4, (row * width + col) * 4 + 3);
    found.push(...(await readBarcodes({ width, height: width, data } as ImageData, { formats: ['QRCode'] })));
  }
  return found;
}
