import { stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EVENTS, Server as TusServer, TUS_RESUMABLE, TUS_VERSION } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { OpenPerClient, tooManyOpen } from '../../platform/http/client-limits.ts';
import { BadInput, UnsupportedType } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import type { AnyJobDefinition } from '../../platform/jobs/index.ts';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import { acceptEvidenceFile, type AcceptedEvidence } from '../../platform/blobs/evidence.ts';

export const UPLOADS_PATH = '/api/uploads';
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** A finished upload that no report has claimed is removed this long after its last byte. */
export const FINISHED_KEEP_MS = 24 * 3600_000;
/** How long a client refused for holding too many unfinished uploads is asked to wait (Retry-After, seconds). */
export const OPEN_UPLOADS_RETRY_AFTER_SECONDS = 60;
/** The only body a PATCH may carry (tus 1.0). */
const OFFSET_STREAM = 'application/offset+octet-stream';
/** What a client that cannot send them may ask for by POST with X-HTTP-Method-Override (tus 1.0). */
const OVERRIDABLE = new Set(['PATCH', 'DELETE']);

/** The method a POST to an upload stands for, from its X-HTTP-Method-Override; undefined if none we take. */
function overriddenMethod(request: FastifyRequest): string | undefined {
  const wanted = request.headers['x-http-method-override'];
  const method = typeof wanted === 'string' ? wanted.trim().toUpperCase() : undefined;
  return method && OVERRIDABLE.has(method) ? method : undefined;
}

/**
 * tus 1.0 before anything is read: a version this server does not speak is refused with 412 and
 * the versions it does (Tus-Version), and a PATCH that is not a byte stream with 415; nothing is
 * begun or written. (A request without Tus-Resumable is tus's own 412.)
 */
async function tusPreconditions(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method === 'OPTIONS') return;
  const version = request.headers['tus-resumable'];
  if (version !== undefined && version !== TUS_RESUMABLE) {
    return reply
      .code(412)
      .header('tus-version', TUS_VERSION.join(','))
      .type('text/plain; charset=utf-8')
      .send('Unsupported Tus-Resumable version\n');
  }
  if (request.method === 'PATCH' && request.headers['content-type'] !== OFFSET_STREAM)
    throw new UnsupportedType('body', request.headers['content-type']);
}

/** Every answer but OPTIONS names the protocol version, Sauti's own refusals (412, 415, 429, 404) as well as tus's. */
function tusVersionHeader(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (request.method !== 'OPTIONS') reply.header('tus-resumable', TUS_RESUMABLE);
  done(null, payload);
}

const instances = new WeakMap<Platform, ResumableUploads>();

/** The platform's resumable uploads, once the reports module has registered them. */
export function resumableUploads(platform: Platform): ResumableUploads | undefined {
  return instances.get(platform);
}

/** The platform's resumable uploads, made on first use. */
export function uploadsOf(platform: Platform): ResumableUploads {
  let uploads = instances.get(platform);
  if (!uploads) instances.set(platform, (uploads = new ResumableUploads(platform)));
  return uploads;
}

/** Where a tus endpoint takes uploads, who may send them, and how large they may be. */
export interface UploadEndpoint {
  /** The endpoint's path, e.g. /api/uploads. */
  path: string;
  /** Its holding area under the data directory: each endpoint its own, so an upload is reached only through it. */
  directory: string;
  /** The largest file, in bytes: refused at creation (tus Max-Size), and when claimed. */
  maxBytes: number;
  /**
   * Run on every request to the endpoint before anything is begun or a byte is read; it refuses by
   * throwing (Unauthenticated, Forbidden). None: anyone may send (a report's evidence).
   */
  access?: (request: FastifyRequest) => void | Promise<void>;
}

/** The public endpoint for reports' evidence. */
function evidenceEndpoint(platform: Platform): UploadEndpoint {
  return { path: UPLOADS_PATH, directory: 'uploads', maxBytes: platform.config.evidenceMaxBytes };
}

/** Every minute: uploads left idle, or finished and never claimed, are removed (see `removeExpired`). */
export const UPLOADS_SWEEP_QUEUE = 'reports.uploads-sweep';

export function uploadsSweepJob(platform: Platform): AnyJobDefinition {
  return {
    queue: UPLOADS_SWEEP_QUEUE,
    every: '* * * * *',
    run: async () => void (await uploadsOf(platform).removeExpired()),
  };
}

/** The tus endpoint at /api/uploads: its own handler, described in the OpenAPI document by the platform. */
export const uploadRoutes: RoutePlugin = {
  area: 'api',
  prefix: UPLOADS_PATH,
  register(scope, platform) {
    uploadsOf(platform).register(scope);
  },
};

/**
 * Resumable evidence uploads (tus 1.0): a video sent over a flaky mobile network resumes where it
 * stopped. A finished upload is only a file in a holding area until a report claims it by id;
 * claiming hashes it into the blob store. Uploads are never served back (no GET). Reports' evidence
 * comes to /api/uploads from anyone; another module mounts its own endpoint (its path, holding
 * area, size limit and who may send) with a second instance.
 *
 * One client address may begin RATE_LIMIT_UPLOADS uploads per 10 minutes and hold
 * RATE_LIMIT_OPEN_UPLOADS unfinished at once (counted by this process, for the uploads it
 * began). An unfinished upload that receives nothing for UPLOAD_IDLE_MINUTES is removed, however
 * long ago it began, so a slow phone that keeps sending is never cut off.
 */
export class ResumableUploads {
  readonly store: FileStore;
  readonly server: TusServer;
  private readonly open: OpenPerClient;
  /** Frees the client's slot of each unfinished upload, by upload id. */
  private readonly slots = new Map<string, () => void>();
  /** The slot taken for a creation request, until tus names the upload. */
  private readonly creating = new WeakMap<IncomingMessage, () => void>();

  constructor(
    private readonly platform: Platform,
    private readonly endpoint: UploadEndpoint = evidenceEndpoint(platform),
  ) {
    // expiry is by inactivity (removeExpired), not tus's own count from creation, which would cut off a long upload still under way
    this.store = new FileStore({
      directory: join(platform.config.dataDir, endpoint.directory),
      expirationPeriodInMilliseconds: 0,
    });
    this.open = new OpenPerClient(platform.config.rateLimits.openUploads);
    this.server = new TusServer({
      path: endpoint.path,
      datastore: this.store,
      maxSize: endpoint.maxBytes,
      respectForwardedHeaders: platform.config.trustProxy,
      relativeLocation: true,
      onUploadCreate: async (req, upload) => {
        const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
        const slot = node && this.creating.get(node);
        if (slot) this.slots.set(upload.id, slot);
        return {};
      },
    });
    this.server.on(EVENTS.POST_FINISH, (_req, _res, upload) => this.free(upload.id));
    this.server.on(EVENTS.POST_TERMINATE, (_req, _res, id) => this.free(id));
  }

  register(app: RouteScope): void {
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await this.server.handle(request.raw, reply.raw);
    };
    const create = async (request: FastifyRequest, reply: FastifyReply) => {
      const slot = this.open.take(request.ip) ?? tooManyOpen(reply, OPEN_UPLOADS_RETRY_AFTER_SECONDS);
      this.creating.set(request.raw, slot);
      try {
        await handle(request, reply);
      } finally {
        // refused or failed: nothing was begun (a finished one has already freed it; freeing twice does nothing)
        if (reply.raw.statusCode !== 201) {
          slot();
          for (const [id, held] of this.slots) if (held === slot) this.slots.delete(id);
        }
      }
    };
    /**
     * A client that cannot send PATCH or DELETE (tus-js-client's overridePatchMethod, some proxies)
     * sends POST with X-HTTP-Method-Override: the request is that method from here on. A POST to
     * an upload without one is not found, as before.
     */
    const override = async (request: FastifyRequest, reply: FastifyReply) => {
      const method = overriddenMethod(request);
      if (!method) return reply.callNotFound();
      request.raw.method = method;
    };
    const config = { csrf: false as const, rateLimit: { max: 600, timeWindow: '1 minute' } };
    const createConfig = {
      csrf: false as const,
      rateLimit: { max: this.platform.config.rateLimits.uploads, timeWindow: '10 minutes' },
    };
    const { access } = this.endpoint;
    // who may send is settled first: nothing is begun, and no byte read, for anyone else
    const allowed = async (request: FastifyRequest) => void (await access?.(request));
    // a new hook list for each route: the rate limiter adds its own hook to the list it is given
    const tus = () => ({ schema: { hide: true }, onRequest: [allowed, tusPreconditions], onSend: tusVersionHeader });
    app.route({ method: 'POST', url: '', config: createConfig, ...tus(), handler: create });
    app.route({ method: 'OPTIONS', url: '', config, ...tus(), handler: handle });
    app.route({
      method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/:id',
      config,
      ...tus(),
      handler: handle,
    });
    app.route({
      method: 'POST',
      url: '/:id',
      config,
      ...tus(),
      onRequest: [allowed, override, tusPreconditions],
      handler: handle,
    });
  }

  /**
   * Removes unfinished uploads that received nothing for UPLOAD_IDLE_MINUTES, and finished ones no
   * report claimed within FINISHED_KEEP_MS of their last byte. Times are the files' own (the
   * real time), `now` included. Returns how many were removed.
   */
  async removeExpired(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const id of (await this.store.configstore.list?.()) ?? []) {
      let upload;
      let lastByte: number;
      try {
        upload = await this.store.getUpload(id);
        lastByte = (await stat(join(this.store.directory, id))).mtimeMs;
      } catch {
        continue;
      }
      const finished = upload.size !== undefined && upload.offset === upload.size;
      if (now - lastByte <= (finished ? FINISHED_KEEP_MS : this.platform.config.uploadIdleMs)) continue;
      await this.store.remove(id).catch(() => undefined);
      this.free(id);
      removed++;
    }
    return removed;
  }

  private free(id: string): void {
    this.slots.get(id)?.();
    this.slots.delete(id);
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
      if (upload.size === undefined || upload.offset !== upload.size)
        throw new BadInput([{ field, message: 'reports.error.uploadIncomplete' }]);
      accepted.push(
        await acceptEvidenceFile(
          this.platform.blobs,
          join(this.store.directory, id),
          this.endpoint.maxBytes,
          field,
          'resumable upload',
        ),
      );
    }
    return accepted;
  }

  /** Removes claimed uploads once the report that holds them has committed. */
  async release(ids: string[]): Promise<void> {
    for (const id of ids) {
      await this.store.remove(id).catch(() => undefined);
      this.free(id);
    }
  }
}
