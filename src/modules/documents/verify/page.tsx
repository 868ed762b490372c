import type { Translate } from '../../../platform/i18n/index.ts';
import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import { REFUSALS, DOCUMENT_KINDS } from '../../../platform/signed-docs/index.ts';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { CodeCheck, DocumentStatus } from './service.ts';
import type { DocumentInLog } from '../log-evidence.ts';
import { showsFact, type FactSlot } from './fact-rows.ts';

export interface VerifyDocumentProps {
  page: PageContext;
  /** Station names by id, for a QR code read offline (it carries the station's id). */
  stations: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  /** After a check by number and code: the document, or null (no match, whatever the reason). */
  result?: CodeCheck | null | undefined;
  /** The zone dates are shown in and its abbreviation, for the script. */
  zone: { timeZone: string; abbreviation: string };
  /** The currency a fine receipt's amount is in (ISO 4217), for the script. */
  currency: string;
  decoder: { script: string; wasm: string };
  serviceWorker: string;
}

const LOG_STATES = ['recorded', 'witnessed', 'unwitnessed', 'notYet', 'otherEntry', 'notProven', 'offline'] as const;

/**
 * What the facts list shows, each slot filled by the server (a check by code) or by the script (a QR code);
 * which slots a document shows depends on its kind (fact-rows.ts).
 */
type Facts = Partial<Record<FactSlot, string>> & { kind: string };
const FACT_LABELS: Array<[FactSlot, string]> = [
  ['number', 'documents.verify.field.number'],
  ['kind', 'documents.verify.field.kind'],
  ['ob', 'documents.verify.field.ob'],
  ['notice', 'documents.verify.field.notice'],
  ['amount', 'documents.verify.field.amount'],
  ['station', 'documents.verify.field.station'],
  ['issued', 'documents.verify.field.issued'],
  ['event', 'documents.verify.field.event'],
  ['paid', 'documents.verify.field.paid'],
  ['leaf', 'documents.verify.field.leaf'],
  ['holder', 'documents.verify.field.holder'],
  ['status', 'documents.verify.field.status'],
];

/** "abstract-general" (the QR code's word) → its name. */
const kindName = (t: Translate, kind: string) => t(`documents.kind.${kind.replace(/-/g, '_')}`);

export function statusText(t: Translate, status: DocumentStatus): string {
  if (status.status === 'superseded') return t('documents.verify.status.superseded', { number: status.supersededBy! });
  if (status.status === 'revoked') return t('documents.verify.status.revoked', { reason: status.reason ?? '' });
  return t('documents.verify.status.valid');
}

/**
 * The entry's place in the national log as its QR code names it, and what the log's evidence showed of it
 * (the script words it from the same strings).
 */
export function leafText(t: Translate, leafIndex: number | null, log: DocumentInLog | undefined): string {
  if (leafIndex === null) return t('documents.verify.leafNone');
  if (log?.state === 'recorded') {
    const witnesses = log.witnessed.map((w) => w.name).join(', ');
    return `${t('documents.verify.log.recorded', { index: leafIndex, size: log.size })} ${
      witnesses === '' ? t('documents.verify.log.unwitnessed') : t('documents.verify.log.witnessed', { witnesses })
    }`;
  }
  const state = log === undefined ? 'notYet' : log.state === 'other-entry' ? 'otherEntry' : 'notProven';
  return `${t('documents.verify.leafIndex', { index: leafIndex })} ${t(`documents.verify.log.${state}`)}`;
}

function holderText(t: Translate, matches: boolean | undefined): string {
  if (matches === undefined) return t('documents.verify.holder.notGiven');
  return t(matches ? 'documents.verify.holder.matches' : 'documents.verify.holder.differs');
}

function factsOf(page: PageContext, result: CodeCheck): Facts & { kindCode: string } {
  const { t, locale } = page;
  const { claims } = result;
  return {
    kindCode: claims.kind,
    number: claims.documentNumber,
    kind: kindName(t, claims.kind),
    ob: `OB ${claims.obNumber}`,
    station: result.stationName,
    issued: formatDateTimeWithZone(locale, new Date(claims.issuedAt * 1000)),
    event: formatDateTimeWithZone(locale, new Date(claims.eventAt * 1000)),
    leaf: leafText(t, claims.leafIndex, result.log),
    holder: holderText(t, result.holderMatches),
    status: statusText(t, result.status),
  };
}

/**
 * The answer: genuine with its facts, or not with the reason. Empty, it is the script's template, every
 * row there (the script hides those the document's kind does not show).
 */
function Verdict({ t, genuine, facts }: { t: Translate; genuine: boolean; facts?: Facts & { kindCode: string } }) {
  return (
    <div class={genuine ? 'notice success verdict' : 'notice warning verdict'} data-slot="box">
      <h2 data-slot="title">{facts ? t('documents.verify.genuine') : ''}</h2>
      <p data-slot="lead">{facts ? t('documents.verify.genuineLead') : ''}</p>
      <dl class="summary-list" data-slot="facts">
        {FACT_LABELS.map(([slot, label]) => {
          const hidden = facts ? !showsFact(facts.kindCode, slot) : false;
          return (
            <>
              <dt data-row={slot} hidden={hidden}>
                {t(label)}
              </dt>
              <dd data-slot={slot} data-row={slot} hidden={hidden}>
                {facts?.[slot] ?? ''}
              </dd>
            </>
          );
        })}
      </dl>
    </div>
  );
}

/** Everything the script says, in the page's language. */
function scriptStrings(t: Translate): Record<string, string> {
  const keys = [
    'genuine',
    'genuineLead',
    'notGenuine',
    'cameraLooking',
    'cameraFailed',
    'fileNoCode',
    'reading',
    'keysFetched',
    'keysMissing',
    'offlineReady',
    'unsupported',
    'leafNone',
    'leafIndex',
    'holder.matches',
    'holder.differs',
    'holder.notGiven',
    'status.checking',
    'status.valid',
    'status.revoked',
    'status.superseded',
    'status.unknown',
    'status.offline',
    ...LOG_STATES.map((state) => `log.${state}`),
    ...REFUSALS.map((r) => `reason.${r}`),
  ];
  const strings: Record<string, string> = {};
  for (const key of keys) strings[key] = t(`documents.verify.${key}`);
  for (const kind of DOCUMENT_KINDS) strings[`kind.${kind}`] = kindName(t, kind);
  return strings;
}

/** A photo or screenshot of the QR code, or its text pasted. */
function PictureOrText({ t }: { t: Translate }) {
  return (
    <>
      <div class="field">
        <label for="qr-file">{t('documents.verify.file')}</label>
        <input type="file" id="qr-file" accept="image/*" />
      </div>
      <div class="field">
        <label for="qr-text">{t('documents.verify.text')}</label>
        <p class="hint" id="qr-text-hint">
          {t('documents.verify.textHint')}
        </p>
        <textarea id="qr-text" rows={3} spellcheck={false} autocomplete="off" aria-describedby="qr-text-hint" />
      </div>
      <p>
        <button type="button" class="button" id="qr-check">
          {t('documents.verify.textCheck')}
        </button>
      </p>
    </>
  );
}

/** The check by QR code, in the browser: shown by the script once it finds what it needs. */
function ScanSection({ page, stations, zone, currency, decoder, serviceWorker }: VerifyDocumentProps) {
  const { t, locale } = page;
  const config = {
    locale,
    ...zone,
    currency,
    stations: Object.fromEntries(stations.map((s) => [s.id, s.name])),
    decoderWasm: decoder.wasm,
    serviceWorker,
    scope: '/documents/verify',
  };
  return (
    <section
      id="document-verify"
      aria-labelledby="scan-title"
      hidden
      data-config={JSON.stringify(config)}
      data-strings={JSON.stringify(scriptStrings(t))}
    >
      <h2 id="scan-title">{t('documents.verify.scanTitle')}</h2>
      <p class="scan-buttons">
        <button type="button" class="button" id="camera-start" hidden>
          {t('documents.verify.cameraStart')}
        </button>
        <button type="button" class="button secondary" id="camera-stop" hidden>
          {t('documents.verify.cameraStop')}
        </button>
      </p>
      <video
        id="camera-video"
        class="scan-video"
        muted
        playsInline
        hidden
        aria-label={t('documents.verify.cameraVideo')}
      />
      <PictureOrText t={t} />
      <div class="field">
        <label for="holder-name">{t('documents.verify.holder')}</label>
        <p class="hint" id="holder-name-hint">
          {t('documents.verify.holderHint')}
        </p>
        <input type="text" id="holder-name" autocomplete="off" aria-describedby="holder-name-hint" />
      </div>
      <p id="scan-progress" class="hint" role="status" />
      <div id="verdict" role="status" aria-live="polite" />
      <p id="keys-state" class="hint" />
      <p id="offline-state" class="hint" />
      <template id="verdict-template">
        <Verdict t={t} genuine />
      </template>
    </section>
  );
}

function CodeForm({ page, values, errors }: Pick<VerifyDocumentProps, 'page' | 'values' | 'errors'>) {
  const { t } = page;
  return (
    <form method="post" action="/documents/verify" novalidate>
      <CsrfField token={page.csrfToken} />
      <TextInput
        t={t}
        name="number"
        label={t('documents.verify.number')}
        hint={t('documents.verify.numberHint')}
        errors={errors}
        value={values.number}
        autocomplete="off"
      />
      <TextInput
        t={t}
        name="code"
        label={t('documents.verify.code')}
        hint={t('documents.verify.codeHint')}
        errors={errors}
        value={values.code}
        autocomplete="off"
      />
      <TextInput t={t} name="name" label={t('documents.verify.name')} errors={errors} value={values.name} />
      <button type="submit" class="button">
        {t('documents.verify.submit')}
      </button>
    </form>
  );
}

/** /documents/verify: is a police abstract or P3 form genuine? By its QR code in the browser, or by number and code. */
export function VerifyDocumentPage(props: VerifyDocumentProps) {
  const { page, errors, result } = props;
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('documents.verify.title')}
      description={t('documents.verify.lead')}
      scripts={[props.decoder.script, '/assets/document-verify.js']}
    >
      <link rel="stylesheet" href="/assets/document-verify.css" />
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('documents.verify.title')}</h1>
      {result ? (
        <section role="status" id="result" aria-label={t('documents.verify.genuine')}>
          <Verdict t={t} genuine facts={factsOf(page, result)} />
        </section>
      ) : null}
      {result === null ? (
        <section class="notice warning" role="status" id="result" aria-label={t('documents.verify.notGenuine')}>
          <p>
            <strong>{t('documents.verify.notFound')}</strong>
          </p>
        </section>
      ) : null}
      <p>{t('documents.verify.lead')}</p>
      <p id="verify-unsupported" class="notice warning" hidden>
        {t('documents.verify.unsupported')}
      </p>
      <ScanSection {...props} />
      <h2>{result === undefined ? t('documents.verify.codeTitle') : t('documents.verify.again')}</h2>
      <p>{t('documents.verify.codeLead')}</p>
      <CodeForm page={page} values={props.values} errors={errors} />
    </Layout>
  );
}
