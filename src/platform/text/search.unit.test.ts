import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kiswahiliStem, kiswahiliStems, searchWords } from './search.ts';

test('a Kiswahili verb loses its subject, tense and object and its final vowel; a noun keeps its beginning', () => {
  for (const word of ['aliomba', 'kuomba', 'wameomba', 'anaomba', 'ataomba', 'omba'])
    assert.equal(kiswahiliStem(word), 'omb', word);
  assert.equal(kiswahiliStem('alimpiga'), 'pig');
  assert.equal(kiswahiliStem('kupiga'), 'pig');
  assert.equal(kiswahiliStem('Rushwa'), 'rushw');
  assert.equal(kiswahiliStem('polisi'), 'polis');
  // too short to be a verb's stem once its prefix is gone: left whole but for the final vowel
  assert.equal(kiswahiliStem('umeme'), 'umem');
  assert.equal(kiswahiliStem('mali'), 'mal');
  assert.equal(kiswahiliStem('kuku'), 'kuk');
});

test('search words: letters and digits, lower case, each once, a hyphenated number as one', () => {
  assert.deepEqual(searchWords('Officer 2019-104233 demanded KSh 5,000; officer'), [
    'officer',
    '2019104233',
    'demanded',
    'ksh',
    '5',
    '000',
  ]);
  assert.deepEqual(searchWords('&|!:*() <script>'), ['script']);
  assert.deepEqual(searchWords(''), []);
  assert.equal(searchWords('a b c d e f g h i j k').length, 8, 'at most eight words');
  assert.deepEqual(kiswahiliStems('aliomba rushwa omb'), ['omb', 'rushw']);
});
