import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTranslations } from '../boot.ts';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { modules } from '../../modules/index.ts';
import { MissingTranslation, Translations, locales } from './index.ts';

// Count-dependent texts: the catalogue holds `key.one` and `key.other`, and a numeric `count` picks
// the form by the language's plural rules (English and Kiswahili both have one and other).

function catalogue(en: Record<string, string>, sw: Record<string, string>): Translations {
  const dir = mkdtempSync(join(tmpdir(), 'sauti-i18n-'));
  writeFileSync(join(dir, 'en.json'), JSON.stringify(en));
  writeFileSync(join(dir, 'sw.json'), JSON.stringify(sw));
  return new Translations().load(dir);
}

describe('plural texts', () => {
  const translations = catalogue(
    {
      'files.one': '{count} file',
      'files.other': '{count} files',
      plain: 'Officer {n}',
      'weeks.other': 'every {count} weeks',
    },
    {
      'files.one': 'faili moja',
      'files.other': 'faili {count}',
      plain: 'Afisa {n}',
      'weeks.other': 'kila wiki {count}',
    },
  );
  const en = translations.translator('en');
  const sw = translations.translator('sw');

  test('English picks one for 1 and other for 0, 2 and fractions', () => {
    assert.equal(en('files', { count: 1 }), '1 file');
    assert.deepEqual(
      [0, 2, 1.5].map((count) => en('files', { count })),
      ['0 files', '2 files', '1.5 files'],
    );
  });

  test('Kiswahili picks one for 1 and other for the rest', () => {
    assert.equal(sw('files', { count: 1 }), 'faili moja');
    assert.deepEqual(
      [0, 2, 5].map((count) => sw('files', { count })),
      ['faili 0', 'faili 2', 'faili 5'],
    );
  });

  test('the count is written as the language writes numbers', () => {
    assert.equal(en('files', { count: 12500 }), '12,500 files');
    assert.equal(sw('files', { count: 12500 }), 'faili 12,500');
  });

  test('a family with only an other form uses it for every count; a form may be asked for by its own key', () => {
    assert.equal(en('weeks', { count: 1 }), 'every 1 weeks');
    assert.equal(
      en('files.one', { count: '{n}' }),
      '{n} file',
      'the live scripts take a form with a placeholder left in',
    );
  });

  test('without a count, or with no such family, a missing key is still an error; plain keys are unchanged', () => {
    assert.throws(() => en('files'), MissingTranslation);
    assert.throws(() => en('files', { count: '2' }), MissingTranslation);
    assert.throws(() => en('nothing', { count: 2 }), MissingTranslation);
    assert.equal(en('plain', { n: 3, count: 1 }), 'Officer 3');
    assert.equal(translations.has('en', 'files'), true);
  });
});

describe("Sauti's own catalogues", () => {
  const translations = loadTranslations(modules, jurisdiction);

  test('no text hedges a plural with "(s)"', () => {
    for (const locale of locales) {
      const hedged = translations.keys(locale).filter((key) => /\w\(s\)/.test(translations.translator(locale)(key)));
      assert.deepEqual(hedged, [], locale);
    }
  });

  test('every count-dependent text has its other form in both languages', () => {
    for (const locale of locales) {
      const keys = new Set(translations.keys(locale));
      const families = [...keys].filter((k) => k.endsWith('.one')).map((k) => k.slice(0, -'.one'.length));
      assert.deepEqual(
        families.filter((f) => !keys.has(`${f}.other`)),
        [],
        locale,
      );
    }
  });

  test('real texts: files, cases and days in both languages', () => {
    const en = translations.translator('en');
    const sw = translations.translator('sw');
    assert.equal(en('reports.receipt.files', { count: 1 }), '1 file');
    assert.equal(en('reports.receipt.files', { count: 2 }), '2 files');
    assert.equal(sw('reports.receipt.files', { count: 2 }), 'Faili 2');
    assert.equal(en('cases.directive.status.overdueBy', { count: 1 }), 'Overdue by 1 day');
    assert.equal(en('cases.directive.status.overdueBy', { count: 3 }), 'Overdue by 3 days');
    assert.equal(en('engage.schedule.everyWeeks', { count: 1 }), 'every week');
    assert.equal(sw('engage.schedule.everyWeeks', { count: 1 }), 'kila wiki');
    assert.equal(en('engage.schedule.everyWeeks', { count: 2 }), 'every 2 weeks');
    assert.equal(sw('engage.schedule.everyWeeks', { count: 2 }), 'kila wiki 2');
    assert.equal(en('reports.follow.waiting', { count: 1 }), 'waiting 1 hour');
    assert.equal(sw('reports.follow.waiting', { count: 1 }), 'saa 1 ya kusubiri');
  });
});
