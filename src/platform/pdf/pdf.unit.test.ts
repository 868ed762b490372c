import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { colour, createPdf, drawQr, printable, type PdfWriter } from './index.ts';
import {
  actualTexts,
  pdfAttachments,
  pdfFonts,
  pdfInfo,
  pdfLanguage,
  pdfStructure,
  pdfText,
  unmarkedText,
} from './inspect.ts';
import { runs } from './runs.ts';

const NAMES = ['Wanjiku Njoroge', 'Ngũgĩ', 'Αλέξανδρος', 'Мария', 'محمد'];
const date = new Date('2026-03-02T08:15:30.000Z');

function sample(language = 'sw-KE'): PdfWriter {
  const w = createPdf({ title: 'Barua imepokelewa', subject: 'Sauti', language, date });
  w.rect({ x: 0, y: w.layout.size[1] - 10, width: w.layout.size[0], height: 10, color: colour.brand });
  w.text('Barua imepokelewa', { size: 18, bold: true, tag: 'H1' });
  w.text(`Mlalamikaji: ${NAMES.join(', ')}. Tutakujibu ndani ya siku saba.`);
  w.heading('Maandishi yaliyotiwa sahihi');
  w.framed(['registryNumber:IGR-2026-000123', `sha256:${'e'.repeat(64)}`], {
    font: 'mono',
    size: 8.5,
    lineHeight: 12,
    border: colour.muted,
  });
  w.label('Imekamilika', colour.success);
  drawQr(w, 'https://sauti.example/verify', {
    x: w.margin,
    y: w.y - 100,
    size: 100,
    color: colour.ink,
    alt: 'QR: https://sauti.example/verify',
  });
  return w;
}

describe('a PDF from createPdf', () => {
  test('is tagged PDF/UA with its language and title, fonts embedded as Unicode subsets', async () => {
    const pdf = await sample().save();
    const info = await pdfInfo(pdf);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info.Title, 'Barua imepokelewa');
    assert.equal(info['PDF version'], '1.7');
    assert.equal(pdfLanguage(pdf), 'sw-KE');
    const raw = Buffer.from(pdf).toString('latin1');
    assert.match(raw, /\/DisplayDocTitle true/);
    assert.match(raw, /<pdfuaid:part>1<\/pdfuaid:part>/);
    const fonts = await pdfFonts(pdf);
    assert.deepEqual(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort(), [
      'DejaVuSans',
      'DejaVuSans-Bold',
      'DejaVuSansMono',
    ]);
    for (const f of fonts) assert.deepEqual([f.embedded, f.subset, f.unicode], [true, true, true], f.name);
    assert.ok(pdf.length < 40 * 1024, `${pdf.length} bytes`);
  });

  test('puts every piece of text in the structure tree: headings, paragraphs, a figure with its alternative text', async () => {
    const pdf = await sample().save();
    const tree = await pdfStructure(pdf);
    assert.match(
      tree,
      /^Document\n {2}H1 \(block\)\n {4}"Barua imepokelewa"\n {2}P \(block\)\n {4}"Mlalamikaji: Wanjiku/,
    );
    assert.match(tree, /H2 \(block\)\n {4}"Maandishi yaliyotiwa sahihi"/);
    assert.match(tree, /Div\n {4}P \(block\)\n {6}"registryNumber:IGR-2026-000123"/);
    assert.match(tree, /P \(block\)\n {4}"Imekamilika"/);
    assert.match(tree, /Figure:\n\s+\/Placement \/Block\n\s+\/BBox \[/);
    assert.match(Buffer.from(pdf).toString('latin1'), /\/S \/Figure\n\/Alt \(QR: https:\/\/sauti\.example\/verify\)/);
    const marks = unmarkedText(pdf);
    assert.ok(marks.shown >= 6, `${marks.shown} pieces of text`);
    assert.equal(marks.unmarked, 0);
  });

  test('text drawn behind the writer’s back is found unmarked (the check above can fail)', async () => {
    const w = sample();
    w.doc.font('regular', 10).text('stray', 50, 400, { lineBreak: false });
    assert.equal(unmarkedText(await w.save()).unmarked, 1);
    assert.throws(
      () => createPdf({ title: 't', language: 'en', date }).drawLine('x', 10, 10, 'regular', 10, colour.ink),
      {
        message: 'pdf: content drawn outside a structure element',
      },
    );
  });

  test('Kiswahili and names in other scripts come back exactly, nothing dropped or boxed', async () => {
    const w = sample();
    const text = await pdfText(await w.save());
    for (const name of NAMES) assert.ok(text.includes(name), `${name} in ${JSON.stringify(text)}`);
    assert.match(text, /Tutakujibu ndani ya siku saba/);
    assert.equal(w.missing, 0);
  });

  test('right-to-left words keep their order; a character no font has is a box, counted and kept for readers', async () => {
    const w = createPdf({ title: 't', language: 'en-KE', date });
    w.text('Jina: محمد علي na שלום, asante 中文 👍🏽');
    const pdf = await w.save();
    assert.equal(w.missing, 3);
    const text = await pdfText(pdf);
    assert.ok(text.includes('محمد علي'), text);
    assert.ok(text.includes('שלום'), text);
    // the boxes are read as the characters they stand for
    assert.deepEqual(actualTexts(pdf), ['中', '文', '👍🏽']);
  });

  test('a paragraph longer than a page goes on over the next as one element; footers are page artifacts', async () => {
    const w = createPdf({ title: 'Long', language: 'en-KE', date });
    w.text(Array.from({ length: 120 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(' '), { size: 12 });
    w.eachPage((i, count) => w.drawLine(`Page ${i + 1} of ${count}`, w.margin, 30, 'regular', 8, colour.muted));
    const pdf = await w.save();
    assert.equal((await pdfInfo(pdf)).Pages, '2');
    const tree = await pdfStructure(pdf);
    assert.equal(tree.match(/P \(block\)/g)?.length, 1);
    // one text, its words apart where lines and pages break
    const words = Array.from({ length: 120 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(' ');
    const parts = [...tree.matchAll(/^ {4}"(.*)"$/gm)].map((m) => m[1]);
    assert.equal(parts.length, 2, 'its content on each of the two pages');
    assert.equal(parts.join(''), words);
    assert.doesNotMatch(tree, /Page 1 of 2/);
    assert.match(await pdfText(pdf), /Page 1 of 2[\s\S]*Page 2 of 2/);
    assert.equal(unmarkedText(pdf).unmarked, 0);
  });

  test('carries an attached file; metadata stays valid XML with "&" and "<" in the title', async () => {
    const w = createPdf({ title: 'Kituo & <Ofisi>', language: 'en-KE', date });
    w.text('Attached.');
    w.attach(Buffer.from('{"a":1}\n'), 'data.json', { type: 'application/json', description: 'Data', date });
    const pdf = await w.save();
    assert.deepEqual(await pdfAttachments(pdf), ['data.json']);
    assert.equal((await pdfInfo(pdf)).Title, 'Kituo & <Ofisi>');
    assert.match(Buffer.from(pdf).toString('utf8'), /<rdf:li xml:lang="x-default">Kituo &amp; &lt;Ofisi&gt;<\/rdf:li>/);
  });
});

describe('text made printable', () => {
  const latin = new Set([...Array(0x250).keys()].filter((c) => c >= 0x20 && !(c >= 0x7f && c < 0xa0)));

  test('keeps every letter with its accents, composed; drops control and zero-width characters', () => {
    assert.deepEqual(printable('Wanjĩkũ', latin), { text: 'Wanjĩkũ', missing: 0 });
    assert.deepEqual(printable('Ngu\u0303gi\u0303', latin), { text: 'Ngũgĩ', missing: 0 }, 'composed first');
    assert.deepEqual(printable('a\u00a0b\u200bc\r\nd\u0007', latin), { text: 'a bc\nd', missing: 0 });
  });

  test('counts each character the font lacks once, whatever its code points, and keeps it', () => {
    const emoji = printable('ok 👍🏽 🇰🇪 👩‍👩‍👧 ❤️!', latin);
    assert.equal(emoji.missing, 4);
    assert.equal(emoji.text, 'ok 👍🏽 🇰🇪 👩‍👩‍👧 ❤!', 'the variation selector dropped');
    assert.equal(printable('Кенія 中文', latin).missing, 7);
  });

  test('decomposes a letter the font has only in parts', () => {
    const parts = new Set([...'Ngugi'].map((c) => c.codePointAt(0)!).concat([0x303]));
    assert.deepEqual(printable('Ngũgĩ', parts), { text: 'Ngu\u0303gi\u0303', missing: 0 });
  });

  test('splits lines into left-to-right text, right-to-left runs and missing characters', () => {
    const all = new Set([...'Jina: محمد علي na?'].map((c) => c.codePointAt(0)!));
    assert.deepEqual(runs('Jina: محمد علي na 中', all), [
      { kind: 'ltr', text: 'Jina: ' },
      { kind: 'rtl', text: 'محمد علي' },
      { kind: 'ltr', text: ' na ' },
      { kind: 'missing', text: '中' },
    ]);
    assert.deepEqual(runs('Jina', all), [{ kind: 'ltr', text: 'Jina' }]);
  });
});
