import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChild } from 'preact';
import { Type, type TOptional, type TProperties, type TString } from 'typebox';
import { BadInput } from '../http/errors.ts';
import { translateProblems, type FieldErrors } from './forms.tsx';

/**
 * Post/redirect/get, the one way a form is answered: the action runs; when it succeeds the browser
 * is sent (303) to the page it names, so a reload never posts twice; when the service refuses the
 * input (BadInput), the form is shown again with each field's error and what was typed (400 unless
 * `status` says otherwise). Any other error goes to the error handler as it is.
 */
export async function answerForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    /** Does the work and names the page to go to next (e.g. `/voice/IGR-1?done=sent`). */
    action(): Promise<string>;
    /** The page showing the form again with its errors. */
    showAgain(errors: FieldErrors): ComponentChild | Promise<ComponentChild>;
    status?: number;
  },
): Promise<FastifyReply> {
  let next: string;
  try {
    next = await form.action();
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return reply.html(await form.showAgain(translateProblems(request.t, error.problems)), form.status ?? 400);
  }
  return reply.redirect(next, 303);
}

/**
 * The body schema of an HTML form: every field an optional string, `_csrf` included. It states the
 * form's shape and a hard cap per field; what a person can get wrong (a missing field, a text too
 * long for the rule) stays the service's to say, so the form comes back with the error beside the
 * field rather than as an error page. Fields are named with their cap: `formBody({ title: 200 })`.
 */
export function formBody<const Fields extends Record<string, number>>(fields: Fields) {
  const properties: TProperties = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
  for (const [name, cap] of Object.entries(fields)) properties[name] = Type.Optional(Type.String({ maxLength: cap }));
  return Type.Object(properties as { [K in keyof Fields | '_csrf']: TOptional<TString> });
}
