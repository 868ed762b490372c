import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../http/errors.ts';
import type { Translate } from '../i18n/index.ts';

/** Field errors keyed by field name, already translated. */
export type FieldErrors = Record<string, string>;

/**
 * A form sent back with errors: which of the page's forms it was, the item it belongs to when the
 * page repeats a form per item (a question, a session...), what was typed, and the errors.
 */
export interface ReturnedForm<Name extends string> {
  name: Name;
  target?: string | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function translateProblems(t: Translate, problems: FieldProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.field] ??= t(p.message, p.params);
  return errors;
}

/** GOV.UK pattern: a summary at the top linking to each field in error. */
export function ErrorSummary({ t, errors }: { t: Translate; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  t: Translate;
  name: string;
  /** The control's id when the same name appears twice on a page (defaults to the name). */
  id?: string | undefined;
  label: string;
  hint?: string | undefined;
  errors: FieldErrors;
  children: ComponentChildren;
}

function describedBy(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function Field({ t, name, id = name, label, hint, errors, children }: FieldProps) {
  const error = errors[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')}</span> {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

interface InputProps {
  t: Translate;
  name: string;
  id?: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  value?: string | undefined;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  maxLength?: number;
  required?: boolean;
}

export function TextInput(props: InputProps) {
  const error = props.errors[props.name];
  return (
    <Field {...props}>
      <input
        id={props.id ?? props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode as 'text' | undefined}
        maxLength={props.maxLength}
        aria-describedby={describedBy(props.id ?? props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
      />
    </Field>
  );
}

export function TextArea(props: InputProps & { rows?: number }) {
  const error = props.errors[props.name];
  return (
    <Field {...props}>
      <textarea
        id={props.id ?? props.name}
        name={props.name}
        rows={props.rows ?? 6}
        maxLength={props.maxLength}
        aria-describedby={describedBy(props.id ?? props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: Omit<InputProps, 'type'> & { options: Option[]; placeholder?: string }) {
  const error = props.errors[props.name];
  return (
    <Field {...props}>
      <select
        id={props.id ?? props.name}
        name={props.name}
        aria-describedby={describedBy(props.id ?? props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A group of radio buttons in a fieldset; the first radio carries the field's id for the error link. */
export function Radios(props: Omit<InputProps, 'type'> & { options: Array<Option & { hint?: string }> }) {
  const error = props.errors[props.name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={describedBy(props.name, props.hint, error)}>
        <legend>{props.label}</legend>
        {props.hint ? (
          <p class="hint" id={`${props.name}-hint`}>
            {props.hint}
          </p>
        ) : null}
        {error ? (
          <p class="error-message" id={`${props.name}-error`}>
            <span class="visually-hidden">{props.t('form.errorPrefix')}</span> {error}
          </p>
        ) : null}
        {props.options.map((o, i) => (
          <div class="radio">
            <input
              type="radio"
              id={i === 0 ? props.name : `${props.name}-${o.value}`}
              name={props.name}
              value={o.value}
              checked={o.value === props.value}
              aria-describedby={o.hint ? `${props.name}-${o.value}-hint` : undefined}
            />
            <label for={i === 0 ? props.name : `${props.name}-${o.value}`}>{o.label}</label>
            {o.hint ? (
              <p class="hint" id={`${props.name}-${o.value}-hint`}>
                {o.hint}
              </p>
            ) : null}
          </div>
        ))}
      </fieldset>
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
