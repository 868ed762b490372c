import type { FastifyRequest } from 'fastify';
import { h, type ComponentChild } from 'preact';
import { units } from '../../jurisdiction/kenya/index.ts';
import type { Platform } from '../../platform/module.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { CasePage } from './pages/case.tsx';
import * as cases from './service.ts';
import { assignableFor } from './assignment/service.ts';

type CaseForm = NonNullable<Parameters<typeof CasePage>[0]['form']>;

const unitCodes = units.map((u) => u.code as string);

/** The case page for the person asking (404 when they may not see it), with a form's errors or a notice. */
export async function casePage(
  platform: Platform,
  request: FastifyRequest,
  reference: string,
  extra: { errors?: FieldErrors; form?: CaseForm; notice?: string } = {},
): Promise<ComponentChild> {
  const detail = await cases.viewCase(platform, request.actor, reference);
  const page = request.pageContext();
  const people = detail.canAct ? await assignableFor(platform.db.pool, detail.case) : [];
  const source =
    (await platform.extensions.get(cases.caseSources, detail.case.source)?.render(platform, page, detail.case)) ?? null;
  return h(CasePage, {
    page,
    detail,
    source,
    units: unitCodes,
    people,
    errors: extra.errors ?? {},
    form: extra.form,
    notice: extra.notice,
  });
}

/** What a form sent, as the page shows it again (fields left out stay out). */
export function formValues(body: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
