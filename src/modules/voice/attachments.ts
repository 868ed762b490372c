import type { Readable } from 'node:stream';
import { acceptEvidence } from '../../platform/blobs/evidence.ts';
import { cleanText } from '../../platform/text/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { audit } from '../../platform/audit/index.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { officer } from './letter.ts';
import type * as store from './store.ts';
import { viewSubmission } from './view.ts';

/** A file sent with a letter: only an officer may send one; checked by its content like report evidence and kept before the letter points at it. */
export async function acceptAttachment(
  platform: Platform,
  actor: Actor,
  stream: Readable,
  fileName: string,
): Promise<store.NewSubmission['attachments'][number]> {
  officer(actor);
  const accepted = await acceptEvidence(
    platform.blobs,
    stream,
    platform.config.evidenceMaxBytes,
    'attachments',
    'voice',
  );
  // the name as the officer's device gave it, without any folder part or control characters
  const name =
    cleanText(fileName.split(/[\\/]/).pop(), { public: true }).replace(/"/g, '').slice(0, 200) || 'attachment';
  return { sha256: accepted.sha256, sizeBytes: accepted.sizeBytes, mediaType: accepted.mediaType, fileName: name };
}

/** One attachment of a letter, for whoever may read the letter; a reader's download is audited with the file's hash. */
export async function attachmentOf(
  platform: Platform,
  actor: Actor,
  registryNumber: string,
  index: string,
): Promise<{ sha256: string; mediaType: string; name: string }> {
  const view = await viewSubmission(platform, actor, registryNumber);
  const file = /^\d{1,2}$/.test(index) ? view.attachments[Number(index) - 1] : undefined;
  if (!file) throw new NotFound();
  if (!view.mine)
    await audit(
      platform.db.pool,
      requireStaff(actor),
      'voice.attachment.download',
      'voice_submission',
      registryNumber,
      { sha256: file.sha256 },
    );
  return {
    sha256: file.sha256,
    mediaType: file.media_type,
    name: `${registryNumber}-${index}-${file.file_name.replace(/[^\w.-]+/g, '_')}`,
  };
}
