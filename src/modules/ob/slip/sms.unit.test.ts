import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Translations } from '../../../platform/i18n/index.ts';
import { isGsm7, slipSmsText, SMS_MAX, toGsm7 } from './sms.ts';

const texts = new Translations().load(join(fileURLToPath(new URL('.', import.meta.url)), '../pages/locales'));
const parts = {
  stationName: 'Kasarani Police Station',
  obNumber: '12/30/11/2026',
  recorded: '30/11 10:20',
  verifyUrl: 'https://sauti.example.go.ke/ob/verify',
  code: 'ABCD-EFGH',
};

test('the slip SMS says the station, the OB number, when, where to check and the code, in one GSM-7 message', () => {
  const en = slipSmsText(texts.translator('en'), parts);
  assert.equal(
    en,
    'Kasarani Police Station: OB 12/30/11/2026 recorded 30/11 10:20. Check at https://sauti.example.go.ke/ob/verify code ABCD-EFGH',
  );
  const sw = slipSmsText(texts.translator('sw'), parts);
  assert.match(sw, /^Kasarani Police Station: OB 12\/30\/11\/2026 imeandikwa 30\/11 10:20\. Thibitisha /);
  for (const text of [en, sw]) {
    assert.ok(text.length <= SMS_MAX, `${text.length} characters`);
    assert.ok(isGsm7(text));
  }
});

test('a long address or name is shortened until the message fits, the code always kept', () => {
  const long = { ...parts, verifyUrl: `https://${'very-long-host-name.'.repeat(4)}example.go.ke/ob/verify` };
  const text = slipSmsText(texts.translator('sw'), { ...long, stationName: 'Kituo cha Polisi cha Kasarani Kaskazini' });
  assert.ok(text.length <= SMS_MAX, `${text.length} characters: ${text}`);
  assert.ok(text.endsWith('ABCD-EFGH'), text);
  assert.ok(!text.includes('https://'));
  const fits = slipSmsText(texts.translator('en'), {
    ...parts,
    verifyUrl: 'https://sauti.example.go.ke/ob/verify',
    stationName: 'Kituo cha Polisi cha Kasarani Kaskazini Magharibi ya Nairobi',
  });
  assert.ok(fits.length <= SMS_MAX && fits.includes('sauti.example.go.ke'), fits);
});

test('names are put into GSM-7: accents dropped where GSM has none, other characters left out', () => {
  assert.equal(toGsm7('Kituo cha Ōtieno ✓'), 'Kituo cha Otieno');
  assert.equal(toGsm7('Müller'), 'Müller');
});
