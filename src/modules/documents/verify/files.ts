import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickEncoding } from '../../../platform/web/assets.ts';

// The files the verify page needs besides its own script, served by Sauti itself (a verifier may
// be offline, and Sauti's machines reach no CDN): the QR decoder (zxing-wasm's browser script and
// its WebAssembly, straight from the installed package) and the service worker (bundled with the
// other client scripts into dist/assets/, and served from /documents/ so that it may control the page).

const decoderWasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
const decoderDist = dirname(dirname(decoderWasm));
const decoderVersion = (
  JSON.parse(readFileSync(join(dirname(decoderDist), 'package.json'), 'utf8')) as { version: string }
).version;
const builtAssets = fileURLToPath(new URL('../../../../dist/assets/', import.meta.url));

/** Where the page finds the decoder: versioned, so that browsers and the service worker may keep it for good. */
export const decoderUrls = {
  script: `/documents/verify/zxing-${decoderVersion}/reader.js`,
  wasm: `/documents/verify/zxing-${decoderVersion}/zxing_reader.wasm`,
} as const;
export const serviceWorkerUrl = '/documents/verify-sw.js';

interface File {
  path: string;
  type: string;
  cacheControl: string;
}
const forever = 'public, max-age=31536000, immutable';
const files = new Map<string, File>([
  [
    decoderUrls.script,
    { path: join(decoderDist, 'iife/reader/index.js'), type: 'text/javascript', cacheControl: forever },
  ],
  [decoderUrls.wasm, { path: decoderWasm, type: 'application/wasm', cacheControl: forever }],
  // browsers look for a new service worker on each visit (and at least daily) whatever this says
  [
    serviceWorkerUrl,
    { path: join(builtAssets, 'document-verify-sw.js'), type: 'text/javascript', cacheControl: 'no-cache' },
  ],
]);

interface Loaded {
  body: Buffer;
  br: Buffer;
  gzip: Buffer;
}
const loaded = new Map<string, Loaded>();

function load(file: File): Loaded | undefined {
  if (!existsSync(file.path)) return undefined;
  const body = readFileSync(file.path);
  // brotli's quality 9: within 10 % of its best on the 950 kB decoder, at a thirtieth of the time
  const params = { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length };
  return { body, br: brotliCompressSync(body, { params }), gzip: gzipSync(body, { level: 9 }) };
}

/** Sends one of the files above, compressed as the browser takes it (each compressed once); 404 for any other path. */
export function sendFile(url: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const file = files.get(url);
  if (!file) return reply.code(404).send();
  let content = loaded.get(url);
  if (!content) {
    content = load(file);
    if (!content) return reply.code(404).send();
    loaded.set(url, content);
  }
  reply.type(file.type).header('cache-control', file.cacheControl).header('vary', 'accept-encoding');
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding === 'identity') return reply.send(content.body);
  return reply.header('content-encoding', encoding).send(content[encoding]);
}
