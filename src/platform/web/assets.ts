import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

// Hand-written assets, and the scripts bundled by `npm run build:assets`.
const assetDirs = [
  fileURLToPath(new URL('./assets/', import.meta.url)),
  fileURLToPath(new URL('../../../dist/assets/', import.meta.url)),
];

/** /assets/<name> (styles, scripts, icons) and /favicon.ico. */
export function registerAssets(app: FastifyInstance): void {
  // Each asset is read once and kept with its brotli and gzip forms, made once at the best
  // ratio (the plugin's per-request compression is left for pages and JSON).
  const assets = new Map<string, Asset>();
  const assetTypes: Record<string, string> = {
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    svg: 'image/svg+xml',
  };
  const AssetParams = Type.Object({ name: Type.String({ maxLength: 100 }) });
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/assets/:name', { schema: { hide: true, params: AssetParams } }, async (request, reply) => {
    const { name } = request.params;
    if (!/^[a-z0-9-]+\.(css|js|svg)$/.test(name)) return reply.code(404).send();
    let asset = assets.get(name);
    if (!asset) {
      const dir = assetDirs.find((d) => existsSync(d + name));
      if (!dir) return reply.code(404).send();
      asset = loadAsset(readFileSync(dir + name), assetTypes[name.split('.').pop()!]!);
      assets.set(name, asset);
    }
    const encoding = pickEncoding(request.headers['accept-encoding']);
    reply.type(asset.type).header('cache-control', 'public, max-age=3600').header('vary', 'accept-encoding');
    if (encoding === 'identity') return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(asset[encoding]);
  });

  // Browsers ask for /favicon.ico whatever the page links: send them to the icon the layout names.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301),
  );
}

interface Asset {
  type: string;
  body: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function loadAsset(body: Buffer, type: string): Asset {
  return {
    type,
    body,
    br: brotliCompressSync(body, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

/** br when the client takes it, else gzip, else the plain bytes (a q=0 refuses a coding; `*` takes any). */
export function pickEncoding(header: string | string[] | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(coding, q === undefined ? 1 : Number(q) || 0);
  }
  const weight = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}
