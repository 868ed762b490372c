import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadName } from './files.ts';

test('a download is named with the extension its content type calls for', () => {
  assert.equal(downloadName('evidence-12-abc', 'image/jpeg'), 'evidence-12-abc.jpg');
  assert.equal(downloadName('evidence-12-abc', 'image/png'), 'evidence-12-abc.png');
  assert.equal(downloadName('evidence-12-abc', 'video/mp4'), 'evidence-12-abc.mp4');
  assert.equal(downloadName('evidence-12-abc', 'video/quicktime'), 'evidence-12-abc.mov');
  assert.equal(downloadName('evidence-12-abc', 'audio/mpeg'), 'evidence-12-abc.mp3');
  assert.equal(downloadName('evidence-12-abc', 'audio/aac'), 'evidence-12-abc.aac');
  assert.equal(downloadName('evidence-12-abc', 'application/pdf'), 'evidence-12-abc.pdf');
  assert.equal(downloadName('letter.pdf', 'application/pdf'), 'letter.pdf', 'not twice');
  assert.equal(downloadName('blob', 'application/x-unheard-of'), 'blob', 'an unknown type adds nothing');
});
