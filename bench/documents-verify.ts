/**
 * Offline verification of a document's QR code (npm run bench:documents-verify), no database: how
 * many times a second the Node path opens a sealed police abstract's QR text (Base45, inflate,
 * COSE_Sign1 and claims parsed, trust list, Ed25519) against its floor, bare Ed25519
 * `crypto.verify` of the same signed bytes with the key ready. One thread; alternating rounds after
 * a warm-up of each.
 */
import { createPublicKey, verify } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { decodeBase45 } from '../src/platform/signed-docs/base45.ts';
import { sigStructure, decodeSign1 } from '../src/platform/signed-docs/cose.ts';
import { realisticAbstract, testKey, trusted } from '../src/platform/signed-docs/fixtures.ts';
import { openDocument, sealDocument } from '../src/platform/signed-docs/node.ts';
import { DOCUMENT_PREFIX } from '../src/platform/signed-docs/qr-text.ts';
import { machineLine, run } from './lib.ts';

const WARMUP_SECONDS = 1;
const ROUNDS = 8;
const ROUND_SECONDS = 0.5;
const TARGET_RATIO = 0.5;

/** Calls `once` for `seconds`, checking the clock every 64 calls; calls a second. */
function rate(once: () => boolean, seconds: number): { perSecond: number; failures: number } {
  let calls = 0;
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) if (!once()) failures++;
    calls += 64;
    now = performance.now();
  }
  return { perSecond: calls / ((now - start) / 1000), failures };
}

function main(): Promise<number> {
  const key = testKey(1);
  const trustList = [trusted(key, 0)];
  const text = sealDocument(realisticAbstract(key.kid), key.signer);
  const compressed = decodeBase45(text.slice(DOCUMENT_PREFIX.length));
  const inflated = inflateSync(compressed);
  const sign1 = decodeSign1(inflated);
  const signed = sigStructure(sign1.protectedBytes, sign1.payload);
  const publicKey = createPublicKey(key.privateKey);

  const sauti = () => openDocument(text, trustList).genuine;
  const bare = () => verify(null, signed, publicKey, sign1.signature);
  rate(bare, WARMUP_SECONDS);
  rate(sauti, WARMUP_SECONDS);
  let bareCalls = 0;
  let sautiCalls = 0;
  let failures = 0;
  const perRound: { bare: number; sauti: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const b = rate(bare, ROUND_SECONDS);
    const s = rate(sauti, ROUND_SECONDS);
    perRound.push({ bare: b.perSecond, sauti: s.perSecond });
    bareCalls += b.perSecond;
    sautiCalls += s.perSecond;
    failures += b.failures + s.failures;
  }
  const baseline = Math.round(bareCalls / ROUNDS);
  const value = Math.round(sautiCalls / ROUNDS);
  const ratio = Math.round((value / baseline) * 100) / 100;

  console.log(machineLine('both figures'));
  console.log(
    `A police abstract: claims ${sign1.payload.length} bytes, COSE_Sign1 ${inflated.length}, zlib ${compressed.length}, QR text ${text.length} characters\n`,
  );
  console.log('round  bare verify/s  sauti open/s');
  perRound.forEach((r, i) =>
    console.log(
      `${String(i + 1).padStart(5)}  ${String(Math.round(r.bare)).padStart(12)}  ${String(Math.round(r.sauti)).padStart(12)}`,
    ),
  );
  console.log('');
  console.log(`bare Ed25519 crypto.verify   ${baseline.toLocaleString('en')} /s`);
  console.log(`openDocument (Node path)     ${value.toLocaleString('en')} /s`);
  console.log(`ratio                        ${ratio} (target at least ${TARGET_RATIO})`);
  if (failures) console.log(`FAILED: ${failures} verifications did not find the document genuine`);
  console.log(
    JSON.stringify({
      bench: 'documents-verify',
      metric: 'verifications_per_s',
      value,
      baseline,
      ratio,
      target: TARGET_RATIO,
    }),
  );
  console.log(JSON.stringify({ bench: 'documents-verify', metric: 'cose_sign1_bytes', value: inflated.length }));
  console.log(JSON.stringify({ bench: 'documents-verify', metric: 'qr_text_chars', value: text.length }));
  return Promise.resolve(failures || ratio < TARGET_RATIO ? 1 : 0);
}

run(main);
