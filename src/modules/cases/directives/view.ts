import type { FastifyRequest } from 'fastify';
import { h, type ComponentChild } from 'preact';
import type { Platform } from '../../../platform/module.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import * as directives from './directives.ts';
import { DirectivePage } from './pages/directives.tsx';

/** The largest deliverable, in whole megabytes, as the upload form and its refusal name it. */
export function deliverableMaxMb(platform: Platform): number {
  return Math.max(1, Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024));
}

/** One directive's page for the person asking (404 when they may not see it), with the upload's errors or a notice. */
export async function directivePage(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  extra: { errors?: FieldErrors; values?: Record<string, string>; notice?: string } = {},
): Promise<ComponentChild> {
  const { directive, mayDeliver } = await directives.viewDirective(platform, request.actor, id);
  return h(DirectivePage, {
    page: request.pageContext(),
    directive,
    mayDeliver,
    maxMb: deliverableMaxMb(platform),
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    notice: extra.notice,
  });
}
