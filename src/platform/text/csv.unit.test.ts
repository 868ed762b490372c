import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvFields, csvFile } from './csv.ts';

describe('csvCell: a cell a spreadsheet shows as text, never runs', () => {
  test('cells that would start a formula get a leading apostrophe', () => {
    assert.equal(csvCell('=HYPERLINK("http://x.example","pay")'), `"'=HYPERLINK(""http://x.example"",""pay"")"`);
    assert.equal(csvCell('+254700000000'), "'+254700000000");
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
  });
  test('ordinary text, numbers and empty cells are written as they are; commas, quotes and newlines quoted', () => {
    assert.equal(csvCell('Kilimani Police Station'), 'Kilimani Police Station');
    assert.equal(csvCell('a = b'), 'a = b', 'only the first character matters');
    assert.equal(csvCell(-3), '-3', 'a number is a number');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell('Nairobi, Kenya'), '"Nairobi, Kenya"');
    assert.equal(csvCell('he said "pay"'), '"he said ""pay"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });
  test('a file reads back as the cells written (after the neutralising apostrophe)', () => {
    const file = csvFile(
      ['Reference', 'Place'],
      [
        ['CASE-2026-000001', 'Kasarani, Nairobi'],
        ['=1+1', 'Mombasa'],
      ],
    );
    assert.ok(file.startsWith('\ufeffReference,Place\r\n'));
    const lines = file.slice(1).split('\r\n');
    assert.deepEqual(csvFields(lines[1]!), ['CASE-2026-000001', 'Kasarani, Nairobi']);
    assert.deepEqual(csvFields(lines[2]!), ["'=1+1", 'Mombasa']);
    assert.equal(lines[3], '', 'the last line ends with CRLF');
  });
});
