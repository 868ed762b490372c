import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { receiptFromPdf, receiptPdf, signReceipt } from './index.ts';
import { MAX_INFLATED_BYTES, unpacksWithinBounds } from './pdf-bounds.ts';

/**
 * A small PDF whose one object stream inflates to `inflateMb` megabytes (spaces), optionally
 * compressed twice (a chain of two FlateDecode filters).
 */
function pdfBomb(inflateMb: number, twice = false): Buffer {
  const once = deflateSync(Buffer.alloc(inflateMb * 1024 * 1024, 0x20), { level: 9 });
  const body = twice ? deflateSync(once) : once;
  const filter = twice ? '[/FlateDecode /FlateDecode]' : '/FlateDecode';
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n',
  ];
  const head = `%PDF-1.7\n${objects.join('')}3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter ${filter} /Length ${body.length} >>\nstream\n`;
  const offsets = [9, 9 + objects[0]!.length, 9 + objects[0]!.length + objects[1]!.length];
  const xrefAt = Buffer.byteLength(head) + body.length + '\nendstream\nendobj\n'.length;
  const tail = `\nendstream\nendobj\nxref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from(tail, 'latin1')]);
}

let ctx: TestContext;
let bomb: Buffer;
before(async () => {
  ctx = await startSauti({ demoStaff: false });
  bomb = pdfBomb(512);
});
after(() => ctx.close());

test('a genuine receipt PDF unpacks well within bounds and still verifies', async () => {
  const receipt = signReceipt(ctx.platform.registry, {
    registryNumber: 'TSTB-2026-000001',
    sha256: 'a'.repeat(64),
    receivedAt: '2026-03-02T08:15:30.000Z',
  });
  const pdf = await receiptPdf(receipt, {
    title: 'Receipt',
    verifyUrl: `${ctx.config.publicUrl}/verify`,
    lines: ['Barua yako imepokelewa ✓ ĩ ũ', 'x'.repeat(300)],
  });
  assert.equal(unpacksWithinBounds(pdf), true);
  assert.deepEqual(await receiptFromPdf(pdf), receipt);
});

test('PDFs that would unpack past the bound are refused before parsing: one stream, a chain of filters, a hidden filter name', () => {
  assert.equal(unpacksWithinBounds(pdfBomb(1)), true, 'a megabyte is allowed');
  assert.equal(unpacksWithinBounds(pdfBomb(Math.ceil(MAX_INFLATED_BYTES / 1048576) + 1)), false);
  assert.equal(unpacksWithinBounds(pdfBomb(64, true)), false, 'compressed twice');
  assert.equal(
    unpacksWithinBounds(
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Filter /LZWDecode /Length 1 >>\nstream\nx\nendstream\nendobj\n', 'latin1'),
    ),
    false,
  );
  assert.equal(
    unpacksWithinBounds(
      Buffer.from(
        '%PDF-1.7\n1 0 obj\n<< /Filter /Run#4CengthDecode /Length 1 >>\nstream\nx\nendstream\nendobj\n',
        'latin1',
      ),
    ),
    false,
  );
});

test(
  'a receipt-sized PDF that inflates to 512 MB is answered at once as not a receipt, without unpacking it',
  { timeout: 60_000 },
  async () => {
    assert.ok(bomb.length < 2 * 1024 * 1024, 'within the upload limit for receipt PDFs');
    const browser = new Browser(ctx.app);
    await browser.get('/verify');
    const before = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const res = await browser.postMultipart(
      '/verify',
      {},
      [{ name: 'file', filename: 'receipt.pdf', type: 'application/pdf', data: bomb }],
      { csrfFrom: '/verify' },
    );
    // unpacking it (as pdf-lib would, in JavaScript, holding the server) takes some 18 s and 1 GB here
    const tookMs = Date.now() - started;
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Not genuine: this is not a complete receipt/);
    assert.ok(tookMs < 4000, `answered in ${tookMs} ms`);
    assert.ok(
      process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024,
      'nothing near its unpacked size was held',
    );
  },
);
