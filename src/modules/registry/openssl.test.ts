import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { signReceipt, type SignedReceipt } from './index.ts';

const OPENSSL = '/usr/bin/openssl';
const skip = existsSync(OPENSSL)
  ? false
  : `skipped: ${OPENSSL} is not on this machine, so the README's openssl example cannot be run`;

/**
 * The README's worked example, word for word but for the values put in: the receipt's fields, and
 * the public key saved from /registry/public-key as registry.pem.
 */
function readmeExample(r: SignedReceipt): string {
  return [
    `printf 'sauti-registry-receipt/1\\nissuer:%s\\nkeyId:%s\\nregistryNumber:%s\\nsha256:%s\\nreceivedAt:%s\\n' \\`,
    `  '${r.issuer}' '${r.keyId}' '${r.registryNumber}' '${r.sha256}' '${r.receivedAt}' > lines.txt`,
    `printf '%s==' '${r.signature}' | tr '_-' '/+' | base64 -d > sig.bin`,
    'openssl pkeyutl -verify -pubin -inkey registry.pem -rawin -in lines.txt -sigfile sig.bin',
  ].join('\n');
}

let sauti: TestContext;
let dir: string;

before(async () => {
  sauti = await startSauti({ demoStaff: false });
  dir = mkdtempSync(join(tmpdir(), 'sauti-openssl-'));
  const key = await sauti.app.inject('/registry/public-key');
  assert.equal(key.statusCode, 200);
  writeFileSync(join(dir, 'registry.pem'), key.body);
});
after(async () => {
  await sauti.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string) {
  return spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}` },
  });
}

test('the README example checks a receipt Sauti signed with openssl alone', { skip }, () => {
  // a signature with "-" and "_" in it, so the conversion from base64url is exercised
  let receipt: SignedReceipt | undefined;
  for (let n = 1; n < 500 && !(receipt && /[-_]/.test(receipt.signature)); n++) {
    receipt = signReceipt(sauti.platform.registry, {
      registryNumber: `IGR-2026-${String(n).padStart(6, '0')}`,
      sha256: 'ab'.repeat(32),
      receivedAt: '2026-11-30T09:15:02.123Z',
    });
  }
  assert.ok(receipt && /[-_]/.test(receipt.signature));
  assert.equal(receipt.signature.length, 86, 'base64url without padding: 86 characters for 64 bytes');
  assert.ok(!receipt.signature.includes('='));

  const genuine = run(readmeExample(receipt));
  assert.equal(genuine.status, 0, genuine.stderr + genuine.stdout);
  assert.match(genuine.stdout, /Signature Verified Successfully/);

  const altered = run(readmeExample({ ...receipt, sha256: 'cd'.repeat(32) }));
  assert.notEqual(altered.status, 0, 'a changed line is refused');
  assert.match(altered.stdout + altered.stderr, /Signature Verification Failure/);

  // read as plain base64 (the mistake the README warns of), the signature does not check out
  const asBase64 = run(
    readmeExample(receipt).replace(
      `printf '%s==' '${receipt.signature}' | tr '_-' '/+' | base64 -d`,
      `printf '%s' '${receipt.signature}' | base64 -d`,
    ),
  );
  assert.notEqual(asBase64.status, 0);
});
