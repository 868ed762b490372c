import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, normalisePhone } from './index.ts';

describe('cleanText: the one cleaner for typed text', () => {
  test('NUL and the other control characters are removed wherever they are', () => {
    assert.equal(cleanText('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg'), 'abcde fg');
    assert.equal(cleanText('\u0000'), '');
    assert.equal(cleanText('Demanded\u0000 KSh\u0001 500', { multiline: true }), 'Demanded KSh 500');
  });

  test('one-line text: newlines, tabs and runs of spaces become one space', () => {
    assert.equal(cleanText('  Kasarani\tPolice\r\n\nStation  '), 'Kasarani Police Station');
    assert.equal(cleanText('a\u2028b'), 'a b');
  });

  test('multi-line text keeps its lines and tabs; every kind of line break becomes \\n; blank runs shrink', () => {
    assert.equal(cleanText('first\r\nsecond\rthird\u2029fourth', { multiline: true }), 'first\nsecond\nthird\nfourth');
    assert.equal(cleanText('a\tb\n\n\n\n  \nc  \n', { multiline: true }), 'a\tb\n\nc');
  });

  test('Unicode is normalised to NFC, so the same words are stored the same way', () => {
    const decomposed = 'Mu\u0308ller cafe\u0301';
    assert.equal(cleanText(decomposed), 'Müller café');
    assert.equal(cleanText(decomposed), cleanText('Müller café'));
  });

  test('lone surrogates become the replacement character instead of breaking storage', () => {
    assert.equal(cleanText('a\ud800b'), 'a\ufffdb');
  });

  test('text shown to the public loses direction overrides, isolates and zero-width characters', () => {
    const spoof = 'Good\u202eevil\u202c \u2066x\u2069 in\u200bvi\u200c\u200dsi\u2060ble\ufeff \u202a\u202b\u202d';
    assert.equal(cleanText(spoof, { public: true }), 'Goodevil x invisible');
    assert.equal(cleanText('photo\u202egpj.exe', { public: true }), 'photogpj.exe');
    // text kept for staff only keeps them (Arabic or Hebrew quoted in a letter may need them)
    assert.equal(cleanText('a\u202eb'), 'a\u202eb');
  });

  test('missing values are empty', () => {
    assert.equal(cleanText(undefined), '');
    assert.equal(cleanText(null), '');
    assert.equal(cleanText('   '), '');
  });
});

describe('normalisePhone: a Kenyan mobile number as typed, in international form', () => {
  test('local, national and international forms become +254…; anything else is not a mobile number', () => {
    for (const typed of ['0712 345 678', '254712345678', '+254-712-345678', '(0712)345678'])
      assert.equal(normalisePhone(typed), '+254712345678');
    assert.equal(normalisePhone('0110345678'), '+254110345678');
    for (const typed of ['0212345678', '071234567', '+447700900123', ''])
      assert.equal(normalisePhone(typed), undefined);
  });
});
