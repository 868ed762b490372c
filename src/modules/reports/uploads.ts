import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { BadInput } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { acceptEvidenceFile, type AcceptedEvidence } from '../../platform/blobs/evidence.ts';

export const UPLOADS_PATH = '/api/uploads';
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Resumable evidence uploads (tus 1.0): a video sent over a flaky mobile network resumes where it
 * stopped. A finished upload is only a file in a holding area until a report claims it by id;
 * claiming hashes it into the blob store. Uploads are never served back (no GET).
 */
export class ResumableUploads {
  readonly store: FileStore;
  readonly server: TusServer;

  constructor(private readonly platform: Platform) {
    this.store = new FileStore({ directory: join(platform.config.dataDir, 'uploads'), expirationPeriodInMilliseconds: 24 * 3600_000 });
    this.server = new TusServer({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: platform.config.evidenceMaxBytes,
      respectForwardedHeaders: platform.config.trustProxy,
      relativeLocation: true,
    });
  }

  register(app: FastifyInstance): void {
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await this.server.handle(request.raw, reply.raw);
    };
    const config = { csrf: false as const, rateLimit: { max: 600, timeWindow: '1 minute' } };
    app.route({ method: ['POST', 'OPTIONS'], url: UPLOADS_PATH, config, schema: { hide: true }, handler: handle });
    app.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: `${UPLOADS_PATH}/:id`, config, schema: { hide: true }, handler: handle });
    // uploads no report claimed within a day are removed every hour
    const sweep = setInterval(() => void this.store.deleteExpired().catch(() => undefined), 3600_000);
    sweep.unref();
    app.addHook('onClose', async () => clearInterval(sweep));
  }

  /** Moves finished uploads into the evidence store; a missing or unfinished upload is a clear 400. */
  async claim(ids: string[], field: string): Promise<AcceptedEvidence[]> {
    const accepted: AcceptedEvidence[] = [];
    for (const id of ids) {
      if (!UPLOAD_ID.test(id)) throw new BadInput([{ field, message: 'reports.error.upload' }]);
      let upload;
      try {
        upload = await this.store.getUpload(id);
      } catch {
        throw new BadInput([{ field, message: 'reports.error.upload' }]);
      }
      if (upload.size === undefined || upload.offset !== upload.size) throw new BadInput([{ field, message: 'reports.error.uploadIncomplete' }]);
      accepted.push(await acceptEvidenceFile(this.platform.blobs, join(this.store.directory, id), this.platform.config.evidenceMaxBytes, field, 'resumable upload'));
    }
    return accepted;
  }

  /** Removes claimed uploads once the report that holds them has committed. */
  async release(ids: string[]): Promise<void> {
    for (const id of ids) await this.store.remove(id).catch(() => undefined);
  }
}
