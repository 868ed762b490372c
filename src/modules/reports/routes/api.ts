import { Type } from 'typebox';
import { misconductCategories } from '../../../jurisdiction/kenya/index.ts';
import { codeLookup, LOOKUP_NOTE } from '../../../platform/http/code-lookups.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import * as reports from '../service.ts';
import { uploadsOf } from '../uploads.ts';
import {
  ErrorResponse,
  EvidenceBody,
  FollowView,
  MessageBody,
  Receipt,
  ReceiptBody,
  ReportBody,
} from './api-schemas.ts';

const tags = ['reports'];

/** A report as the follow API shows it, and who holds it. */
async function followView(platform: Platform, receipt: string) {
  const { holder, report } = await reports.ReceiptHolder.byReceipt(platform, receipt);
  const { status, evidence } = await reports.followReport(platform, holder);
  return {
    holder,
    view: {
      reference: status.reference,
      status: status.status,
      outcome: status.outcome,
      category: report.category,
      openedAt: status.openedAt.toISOString(),
      firstResponseDueAt: status.firstResponseDueAt.toISOString(),
      firstRespondedAt: status.firstRespondedAt ? status.firstRespondedAt.toISOString() : null,
      evidenceCount: evidence.length,
      replyUntil: status.replyUntil ? status.replyUntil.toISOString() : null,
      timeline: status.timeline.map((step) => ({ ...step, at: step.at.toISOString() })),
      messages: status.messages.map((m) => ({ at: m.at.toISOString(), direction: m.direction, body: m.body })),
    },
  };
}

function reportingRoutes(scope: RouteScope, platform: Platform): void {
  const uploads = uploadsOf(platform);
  scope.get(
    '/categories',
    {
      schema: {
        tags,
        summary: 'Misconduct categories and the unit each is routed to',
        response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String() })) },
      },
    },
    async (request) =>
      misconductCategories.map((c) => ({ code: c.code, name: request.t(`category.${c.code}`), unit: c.unit })),
  );

  scope.post(
    '',
    {
      config: { csrf: false, rateLimit: { max: platform.config.rateLimits.reports, timeWindow: '10 minutes' } },
      schema: {
        tags,
        summary: 'Report police misconduct',
        description:
          'Stores the report and opens its case in one transaction. Evidence is uploaded first with tus at /api/uploads and named here by upload id.',
        body: ReportBody,
        response: { 201: Receipt, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const input = {
        ...body,
        contactName: body.contact?.name,
        contactPhone: body.contact?.phone,
        contactEmail: body.contact?.email,
        language: body.language ?? request.locale,
      };
      const submitted = await platform.blobs.batch(async (files) => {
        const claimed = await uploads.claim(body.uploads ?? [], 'uploads');
        const done = await reports.submitReport(platform, input, 'api', claimed);
        files.recorded();
        return done;
      });
      await uploads.release(body.uploads ?? []);
      return reply.code(201).send({ ...submitted, firstResponseDueAt: submitted.firstResponseDueAt.toISOString() });
    },
  );
}

type Lookup = ReturnType<typeof receiptLookup>;
const receiptLookup = (platform: Platform) =>
  codeLookup(platform, 'reports.receipt', { config: { csrf: false as const } });

function followRoutes(scope: RouteScope, platform: Platform): void {
  const lookup = receiptLookup(platform);
  scope.post(
    '/follow',
    {
      ...lookup,
      schema: {
        tags,
        summary: 'Follow a report with its receipt code',
        description: LOOKUP_NOTE,
        body: ReceiptBody,
        response: { 200: FollowView, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => (await followView(platform, request.body.receipt)).view,
  );

  scope.post(
    '/follow/messages',
    {
      ...lookup,
      schema: {
        tags,
        summary: 'Reply to the investigator',
        body: MessageBody,
        response: { 200: FollowView, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const { holder } = await followView(platform, request.body.receipt);
      await reports.replyToInvestigator(platform, holder, request.body.message);
      return (await followView(platform, request.body.receipt)).view;
    },
  );

  followEvidenceRoute(scope, platform, lookup);
}

function followEvidenceRoute(scope: RouteScope, platform: Platform, lookup: Lookup): void {
  const uploads = uploadsOf(platform);
  scope.post(
    '/follow/evidence',
    {
      ...lookup,
      schema: {
        tags,
        summary: 'Add evidence to a report (uploaded first with tus)',
        body: EvidenceBody,
        response: { 200: FollowView, 400: ErrorResponse, 404: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const { receipt, uploads: ids } = request.body;
      const { holder } = await followView(platform, receipt);
      await platform.blobs.batch(async (files) => {
        await reports.addEvidence(platform, holder, await uploads.claim(ids, 'uploads'));
        files.recorded();
      });
      await uploads.release(ids);
      return (await followView(platform, receipt)).view;
    },
  );
}

/** The reports JSON API under /api/reports: reporting, and following a report with its receipt code. */
export const apiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/reports',
  register(scope, platform) {
    reportingRoutes(scope, platform);
    followRoutes(scope, platform);
  },
};
