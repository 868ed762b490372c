import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTranslations } from '../boot.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { modules } from '../../modules/index.ts';
import { MissingTranslation, negotiateLocale, formatDateTime, showTimesIn } from './index.ts';

test('every English text has a Kiswahili text and the other way round', () => {
  const translations = loadTranslations(modules, jurisdiction);
  const en = new Set(translations.keys('en'));
  const sw = new Set(translations.keys('sw'));
  assert.deepEqual(
    [...en].filter((k) => !sw.has(k)),
    [],
  );
  assert.deepEqual(
    [...sw].filter((k) => !en.has(k)),
    [],
  );
  for (const key of en) {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
    assert.equal(
      placeholders(translations.translator('sw')(key)),
      placeholders(translations.translator('en')(key)),
      `placeholders of ${key}`,
    );
  }
});

test('a missing key is an error, not a silent blank', () => {
  const t = loadTranslations(modules, jurisdiction).translator('en');
  assert.throws(() => t('no.such.key'), MissingTranslation);
  assert.equal(t('reports.receipt.files', { count: 2 }), '2 files');
});

test('language: explicit choice, then the browser, then English', () => {
  assert.equal(negotiateLocale('sw', 'en-GB'), 'sw');
  assert.equal(negotiateLocale(undefined, 'sw-KE,sw;q=0.9,en;q=0.8'), 'sw');
  assert.equal(negotiateLocale('fr', 'fr-FR'), 'en');
});

test('times are shown in the zone of the jurisdiction the platform was given (Nairobi)', () => {
  showTimesIn(jurisdiction);
  assert.match(formatDateTime('en', new Date('2026-06-22T08:00:00Z')), /11:00/);
});
