import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  entriesPath,
  parseTilePath,
  tilePath,
  tilesForSize,
  tileWidth,
} from './index.ts';

test('tile paths write the index in x-prefixed 3-digit groups and partial tiles as .p/<width>', () => {
  assert.equal(tilePath(0, 1234067, 112), 'tile/0/x001/x234/067.p/112');
  assert.equal(tilePath(0, 1234067), 'tile/0/x001/x234/067');
  assert.equal(tilePath(2, 0, 1), 'tile/2/000.p/1');
  assert.equal(tilePath(1, 5, 256), 'tile/1/005');
  assert.equal(tilePath(3, 1000), 'tile/3/x001/000');
  assert.equal(entriesPath(1234067), 'tile/entries/x001/x234/067');
  assert.equal(entriesPath(273, 112), 'tile/entries/273.p/112');
  assert.throws(() => tilePath(0, -1));
  assert.throws(() => tilePath(64, 0));
  assert.throws(() => tilePath(0, 1, 0));
  assert.throws(() => entriesPath(1, 257));
});

test('tile paths parse back to what made them', () => {
  for (const index of [0, 1, 999, 1000, 1234067, 999999999, 2 ** 40 + 7]) {
    assert.deepEqual(parseTilePath(tilePath(0, index)), { kind: 'hash', level: 0, index });
    assert.deepEqual(parseTilePath(tilePath(63, index, 255)), { kind: 'hash', level: 63, index, width: 255 });
    assert.deepEqual(parseTilePath(entriesPath(index, 1)), { kind: 'entries', index, width: 1 });
    assert.deepEqual(parseTilePath(entriesPath(index)), { kind: 'entries', index });
  }
});

test('non-canonical tile paths are refused', () => {
  const bad = [
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/0/0',
    'tile/0/00',
    'tile/0/0000',
    'tile/0/x000/001',
    'tile/0/001/002',
    'tile/0/x001',
    'tile/0/x1/000',
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/012',
    'tile/0/000.p/',
    'tile/0/000.p',
    'tile/0/000/',
    '/tile/0/000',
    'tile/-1/000',
    'tile/entries/000.p/256',
    'tile/entry/000',
    'tile/entries/x000/123',
    'tile/0/x999/x999/x999/x999/x999/x999/999',
    'checkpoint',
  ];
  for (const path of bad) assert.equal(parseTilePath(path), undefined, path);
});

test('a tree of 70,000 entries has the tiles the tlog-tiles example lists', () => {
  assert.deepEqual(tilesForSize(70_000), [
    { level: 0, fullTiles: 273, partialWidth: 112 },
    { level: 1, fullTiles: 1, partialWidth: 17 },
    { level: 2, fullTiles: 0, partialWidth: 1 },
  ]);
  assert.deepEqual(tilesForSize(256), [
    { level: 0, fullTiles: 1, partialWidth: 0 },
    { level: 1, fullTiles: 0, partialWidth: 1 },
  ]);
  assert.deepEqual(tilesForSize(0), []);
  assert.equal(tileWidth(70_000, 0, 272), 256);
  assert.equal(tileWidth(70_000, 0, 273), 112);
  assert.equal(tileWidth(70_000, 0, 274), 0);
  assert.equal(tileWidth(70_000, 1, 1), 17);
  assert.equal(tileWidth(70_000, 2, 0), 1);
  assert.equal(tileWidth(70_000, 3, 0), 0);
});

test('entry bundles are uint16 big-endian length-prefixed entries', () => {
  const entries = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.alloc(65_535, 1)];
  const bundle = encodeEntryBundle(entries);
  assert.equal(bundle.subarray(0, 5).toString('hex'), '0001610000');
  assert.equal(bundle.readUInt16BE(5), 300);
  assert.deepEqual(decodeEntryBundle(bundle), entries);
  assert.deepEqual(decodeEntryBundle(Buffer.alloc(0)), []);
  assert.throws(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1)));
  assert.throws(() => decodeEntryBundle(Buffer.from([0x00])));
  assert.throws(() => encodeEntryBundle([Buffer.alloc(65_536)]));
});
