import type { ComponentChildren } from 'preact';
import { CsrfField, ErrorSummary, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';

/** One action on the thing an administrator has open: a heading, what it does, its fields and its button. */
export function ActionForm(props: {
  page: PageContext;
  /** Names the section for its heading's id. */
  name: string;
  action: string;
  title: string;
  hint: string;
  button: string;
  warning?: boolean | undefined;
  errors: FieldErrors;
  children?: ComponentChildren;
}) {
  const { page, name, errors } = props;
  return (
    <section aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>{props.title}</h2>
      <p class="hint">{props.hint}</p>
      <form method="post" action={props.action} novalidate>
        <ErrorSummary t={page.t} errors={errors} />
        <CsrfField token={page.csrfToken} />
        {props.children}
        <button type="submit" class={props.warning ? 'button warning' : 'button secondary'}>
          {props.button}
        </button>
      </form>
    </section>
  );
}
