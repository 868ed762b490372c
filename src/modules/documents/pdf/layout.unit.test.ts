import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Translations } from '../../../platform/i18n/index.ts';
import { pdfInfo, pdfText } from '../../../platform/pdf/inspect.ts';
import { drawDocument, type PrintedDocument } from './layout.ts';

const texts = new Translations().load(fileURLToPath(new URL('./locales/', import.meta.url)));

const station = 'kituo-cha-polisi-cha-kasarani-kaskazini-karibu-na-uwanja-wa-michezo';
const about = `PA/${station.toUpperCase()}/2026/1234`;
const longest: PrintedDocument = {
  kind: 'abstract_traffic',
  number: about,
  language: 'sw',
  holderName: 'Wambũi Ng’ang’a wa Mũthoni, محمد علي',
  stationName: 'Kituo cha Polisi cha Kasarani Kaskazini karibu na Uwanja wa Michezo wa Kimataifa',
  obNumber: '123456/30/11/2026',
  entryKind: 'accident',
  occurredAt: new Date('2026-11-30T05:10:00Z'),
  recordedAt: new Date('2026-11-30T07:00:00Z'),
  issuedAt: new Date('2026-11-30T09:00:00Z'),
  seal: `NPS1:${'6BFOXN%TSMAHO.J:WOZYIF6P8EP:2G'.repeat(22)}`,
  reportUrl: `https://sauti.example/report?${new URLSearchParams({
    category: 'bribery_extortion',
    station,
    about: 'Abstract ya polisi ya ajali ya barabarani',
    document: about,
  })}`,
  verifyUrl: 'https://sauti.example/documents/verify',
  checkCode: 'WXYZ-0123',
};

describe('a document’s page', () => {
  test('at its longest (station, names, QR text) it stays one page, and its report address prints whole', async () => {
    const pdf = await drawDocument(longest, texts);
    assert.equal((await pdfInfo(pdf)).Pages, '1');
    const text = await pdfText(pdf);
    assert.ok(text.replace(/\s+/g, '').includes(longest.reportUrl), text);
    assert.ok(text.includes('Wambũi Ng’ang’a wa Mũthoni'), text);
    assert.ok(text.includes('This document is issued free of charge. Nobody may ask you for money for it.'), text);
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
  });

  test('a P3 form in Kiswahili, its Part II left for the medical officer, fits one page', async () => {
    const number = 'P3/SALAMA/2026/1';
    const pdf = await drawDocument(
      {
        ...longest,
        kind: 'p3',
        number,
        stationName: 'Salama Police Station',
        entryKind: 'report',
        holderName: 'Mutua Kioko',
        seal: longest.seal.slice(0, 340),
        reportUrl: `https://sauti.example/report?${new URLSearchParams({
          category: 'bribery_extortion',
          station: 'salama',
          about: 'Fomu ya P3 (uchunguzi wa kimatibabu)',
          document: number,
        })}`,
      },
      texts,
    );
    assert.equal((await pdfInfo(pdf)).Pages, '1');
    const text = await pdfText(pdf);
    assert.match(text, /Sehemu II: ijazwe na afisa wa matibabu/);
    assert.match(
      text.replace(/\s+/g, ' '),
      /Hati hii inatolewa bila malipo\.[^]*This document is issued free of charge\./,
    );
  });
});
