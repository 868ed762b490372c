import { CsrfField, ErrorSummary, TextArea, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { MAX_NOTE } from '../shared.ts';
import type { CommitmentRow } from '../console/store.ts';
import { CommitmentItem } from './parts.tsx';

interface Props {
  page: PageContext;
  rows: CommitmentRow[];
  /** The IG's office's view: each open commitment can be marked done. */
  staff?: {
    errors: FieldErrors;
    commitmentId?: string | undefined;
    note?: string | undefined;
    notice?: string | undefined;
  };
}

type Staff = NonNullable<Props['staff']>;

/** Marking an open commitment done, with a note of what was done (staff only). */
function DoneForm({ page, c, staff }: { page: PageContext; c: CommitmentRow; staff?: Staff | undefined }) {
  const t = page.t;
  if (!(staff && !c.done_at)) return null;
  return (
    <form method="post" action={`/staff/engage/commitments/${c.id}/done`} novalidate class="done-form">
      <CsrfField token={page.csrfToken} />
      <TextArea
        t={t}
        id={`note-${c.id}`}
        name="note"
        label={t('engage.commitment.note')}
        hint={t('engage.commitment.noteHint')}
        errors={staff.commitmentId === c.id ? staff.errors : {}}
        value={staff.commitmentId === c.id ? staff.note : ''}
        maxLength={MAX_NOTE}
        rows={3}
      />
      <button type="submit" class="button secondary">
        {t('engage.commitment.markDone')}
      </button>
    </form>
  );
}

/** One group of commitments (overdue, open or done) under its heading. */
function CommitmentGroup(props: {
  page: PageContext;
  staff?: Staff | undefined;
  id: string;
  title: string;
  list: CommitmentRow[];
  empty: string;
}) {
  const { page, staff, id, title, list, empty } = props;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} ({list.length})
      </h2>
      {list.length === 0 ? <p>{empty}</p> : null}
      <ul class="commitments">
        {list.map((c) => (
          <CommitmentItem page={page} c={c}>
            <DoneForm page={page} c={c} staff={staff} />
          </CommitmentItem>
        ))}
      </ul>
    </section>
  );
}

/** What was promised in #EngageTheIG sessions: overdue first (highlighted), then open, then done with what was done. */
export function CommitmentsPage({ page, rows, staff }: Props) {
  const { t } = page;
  const overdue = rows.filter((c) => c.overdue);
  const open = rows.filter((c) => !c.done_at && !c.overdue);
  const done = rows.filter((c) => c.done_at);
  // the error summary links to the note field of the commitment it belongs to
  const errors = staff?.commitmentId
    ? Object.fromEntries(Object.entries(staff.errors).map(([k, v]) => [`${k}-${staff.commitmentId}`, v]))
    : {};
  const group = { page, staff };
  return (
    <Layout page={page} title={t('engage.commitments.title')}>
      <ErrorSummary t={t} errors={errors} />
      {staff?.notice ? (
        <div class="notice success" role="status">
          {staff.notice}
        </div>
      ) : null}
      <p class="breadcrumb">
        <a href="/engage">{t('engage.title')}</a>
      </p>
      <h1>{t('engage.commitments.title')}</h1>
      <p class="lead">{t('engage.commitments.lead')}</p>
      <CommitmentGroup
        {...group}
        id="overdue-title"
        title={t('engage.commitments.overdue')}
        list={overdue}
        empty={t('engage.commitments.noneOverdue')}
      />
      <CommitmentGroup
        {...group}
        id="open-title"
        title={t('engage.commitments.open')}
        list={open}
        empty={t('engage.commitments.noneOpen')}
      />
      <CommitmentGroup
        {...group}
        id="done-title"
        title={t('engage.commitments.done')}
        list={done}
        empty={t('engage.commitments.noneDone')}
      />
    </Layout>
  );
}
