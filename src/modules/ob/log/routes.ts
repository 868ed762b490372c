import { Type } from 'typebox';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { parseTilePath, TILE_WIDTH, tileWidth } from '../../../platform/tlog/index.ts';
import { logKey } from './key.ts';
import { latestCheckpoint } from './latest-checkpoint.ts';
import { consistencyBetween, proofOfEntry, proofOfLeaf } from './proofs.ts';
import * as store from './store.ts';
import { entryBundle, hashTile } from './tile-reader.ts';

const tags = ['ob-log'];
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** c2sp.org/tlog-tiles: a checkpoint is cached a few seconds at most. */
const CHECKPOINT_CACHE = 'public, max-age=2';

/** The tile a path names, if the latest checkpoint covers it at that width. */
async function servedTile(platform: Platform, path: string): Promise<Buffer> {
  const tile = parseTilePath(`tile/${path}`);
  if (!tile) throw new NotFound();
  const level = tile.kind === 'entries' ? 0 : tile.level;
  const width = tile.width ?? TILE_WIDTH;
  const checkpoint = await latestCheckpoint(platform, (tile.index * TILE_WIDTH + width) * TILE_WIDTH ** level);
  const available = checkpoint ? tileWidth(checkpoint.size, level, tile.index) : 0;
  // a partial tile is served for any width a checkpoint's tree has had; a full one once it is full
  if (available === 0 || width > available) throw new NotFound();
  const data =
    tile.kind === 'entries'
      ? await entryBundle(platform, tile.index, width)
      : await hashTile(platform, tile.level, tile.index, width);
  if (!data) throw new NotFound();
  return data;
}

/** The national log in the C2SP tlog-tiles layout: anyone may mirror and audit it. No session needed. */
export const logTileRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/ob/log',
  register(scope, platform) {
    scope.get(
      '/checkpoint',
      {
        schema: {
          tags,
          summary: "The national log's latest checkpoint (C2SP signed note) with the witnesses' cosignatures",
          produces: ['text/plain'],
        },
      },
      async (_request, reply) => {
        const checkpoint = await store.servedCheckpoint(platform.db.pool);
        if (!checkpoint) throw new NotFound();
        const body = checkpoint.note + checkpoint.cosignatures.map((line) => `${line}\n`).join('');
        return reply.type('text/plain; charset=utf-8').header('cache-control', CHECKPOINT_CACHE).send(body);
      },
    );

    scope.get(
      '/tile/*',
      {
        schema: {
          tags,
          summary:
            'A tile (tile/<L>/<N>[.p/<W>]) or an entry bundle (tile/entries/<N>[.p/<W>]), as c2sp.org/tlog-tiles',
          produces: ['application/octet-stream'],
          params: Type.Object({ '*': Type.String({ maxLength: 80 }) }),
        },
      },
      async (request, reply) => {
        const data = await servedTile(platform, request.params['*']);
        return reply.type('application/octet-stream').header('cache-control', IMMUTABLE).send(data);
      },
    );

    scope.get(
      '/key',
      {
        schema: {
          tags,
          summary: "The log's verifier key (<origin>+<key id>+<base64 Ed25519 key>), to check its checkpoints",
          produces: ['text/plain'],
        },
      },
      async (_request, reply) => {
        const key = await logKey(platform);
        return reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(`${key.verifierString}\n`);
      },
    );
  },
};

const Proof = Type.Object({
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  leafHash: Type.String({ description: 'hex' }),
  proof: Type.Array(Type.String({ description: 'base64' })),
  checkpoint: Type.String({ description: 'the signed checkpoint the proof is against' }),
});

const Consistency = Type.Object({
  from: Type.Object({ size: Type.Integer(), checkpoint: Type.String() }),
  to: Type.Object({ size: Type.Integer(), checkpoint: Type.String() }),
  proof: Type.Array(Type.String({ description: 'base64' })),
});

const Size = Type.String({ pattern: '^(0|[1-9][0-9]{0,15})$' });

/** Proofs as JSON, each with the checkpoint it is against (fetched apart, they could disagree). */
export const logProofRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/ob/log',
  register(scope, platform) {
    scope.get(
      '/proof',
      {
        schema: {
          tags,
          summary: "An inclusion proof of a leaf (by index) or of an entry (by id) in the log's latest checkpoint",
          querystring: Type.Object({ leaf: Type.Optional(Size), entry: Type.Optional(Size) }),
          response: { 200: Proof },
        },
      },
      async (request) => {
        const { leaf, entry } = request.query;
        const proof =
          leaf !== undefined
            ? await proofOfLeaf(platform, Number(leaf))
            : entry !== undefined
              ? await proofOfEntry(platform, entry)
              : null;
        if (!proof) throw new NotFound();
        return proof;
      },
    );

    scope.get(
      '/consistency',
      {
        schema: {
          tags,
          summary: 'A consistency proof between two published checkpoints, by their sizes',
          querystring: Type.Object({ from: Size, to: Size }),
          response: { 200: Consistency },
        },
      },
      async (request) => {
        const proof = await consistencyBetween(platform, Number(request.query.from), Number(request.query.to));
        if (!proof) throw new NotFound();
        return proof;
      },
    );
  },
};
