/**
 * The verify page's check of a document's QR code, in the browser: read from the camera, a picture
 * or pasted text, verified here against the police's published keys (WebCrypto's Ed25519), so that
 * it works offline once the page's service worker keeps what it needs. Online, the police are also
 * asked whether the document was revoked since. The answer fills the server's own template; text is
 * only ever set as text. Without what it needs (WebCrypto, DecompressionStream) the script stays out
 * of the way, and the page's form checks by number and code on the server.
 */
import type { ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import { nameMatches, openDocument, UnsupportedBrowserError } from '../../../../platform/signed-docs/browser.ts';
import type { DocumentClaims } from '../../../../platform/signed-docs/document-payload.ts';
import type { OpenResult, TrustList } from '../../../../platform/signed-docs/qr-text.ts';
import { formatDateTime, intlLocale } from '../../../../platform/time/index.ts';
import type { LogTrust } from '../../../../platform/tlog/evidence.ts';
import { cameraScanner, type Decoder } from '../camera-scan.ts';
import { checkDocumentInLog } from '../../log-evidence.ts';
import { FACT_SLOTS, formatCents, showsFact } from '../fact-rows.ts';
import './document-verify.css';

interface Config {
  locale: string;
  timeZone: string;
  abbreviation: string;
  currency: string;
  stations: Record<string, string>;
  decoderWasm: string;
  serviceWorker: string;
  scope: string;
}
type Strings = Record<string, string>;

/** The decoder's browser script (zxing-wasm's IIFE build, loaded before this one) puts itself here. */
interface ZXing {
  prepareZXingModule(options: { overrides: { locateFile(path: string, prefix: string): string } }): void;
  readBarcodes(input: Blob | ImageData, options?: ReaderOptions): Promise<ReadResult[]>;
}
declare global {
  interface Window {
    ZXingWASM?: ZXing;
  }
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

interface Keys {
  list: TrustList;
  /** the national log's and its witnesses' keys */
  log: LogTrust | undefined;
  /** When the server wrote the list (its Date header): a copy kept for offline use says how old it is. */
  fetchedAt: Date | undefined;
}

/** The published trust list: from the network, or the service worker's copy when offline. */
async function loadKeys(): Promise<Keys | undefined> {
  try {
    const response = await fetch('/documents/keys', { headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const body = (await response.json()) as {
      keys: Array<{ kid: string; publicKey: string; from: string; until: string | null }>;
      log?: { key: string; witnesses: string[] };
    };
    const date = response.headers.get('date');
    return {
      list: body.keys.map((k) => ({
        kid: k.kid,
        publicKey: fromBase64url(k.publicKey),
        from: Math.floor(Date.parse(k.from) / 1000),
        ...(k.until ? { until: Math.floor(Date.parse(k.until) / 1000) } : {}),
      })),
      log: body.log && { log: body.log.key, witnesses: body.log.witnesses },
      fetchedAt: date ? new Date(date) : undefined,
    };
  } catch {
    return undefined;
  }
}

interface Page {
  config: Config;
  strings: Strings;
  keys: Keys | undefined;
  verdict: HTMLElement;
  template: HTMLTemplateElement;
  holder: HTMLInputElement;
  progress: HTMLElement;
  /** The document shown now, for the holder's name typed after it. */
  shown: { claims: DocumentClaims; box: HTMLElement } | undefined;
}

const when = (page: Page, seconds: number) =>
  `${formatDateTime(page.config.locale, new Date(seconds * 1000), page.config.timeZone)} ${page.config.abbreviation}`;

function setSlot(box: ParentNode, slot: string, text: string): void {
  const el = box.querySelector(`[data-slot="${slot}"]`);
  if (el) el.textContent = text;
}

async function showHolder(page: Page): Promise<void> {
  const shown = page.shown;
  if (!shown) return;
  const typed = page.holder.value;
  let text = page.strings['holder.notGiven']!;
  if (typed.trim() !== '')
    text = page.strings[(await nameMatches(shown.claims, typed)) ? 'holder.matches' : 'holder.differs']!;
  if (page.shown === shown && page.holder.value === typed) setSlot(shown.box, 'holder', text);
}

/** The entry's place in the national log, and what the log's evidence shows of it, checked here against the log's keys. */
async function leafText(page: Page, claims: DocumentClaims, evidence: unknown, online: boolean): Promise<string> {
  const s = page.strings;
  if (claims.leafIndex === null) return s.leafNone!;
  const index = claims.leafIndex;
  const entry = (state: string) => `${fill(s.leafIndex!, { index })} ${s[`log.${state}`]!}`;
  if (!online) return entry('offline');
  if (evidence === undefined) return entry('notYet');
  if (!page.keys?.log) return entry('notProven');
  const log = await checkDocumentInLog(claims, evidence, page.keys.log);
  if (log.state !== 'recorded') return entry(log.state === 'other-entry' ? 'otherEntry' : 'notProven');
  const witnesses = log.witnessed.map((w) => w.name).join(', ');
  const recorded = fill(s['log.recorded']!, { index, size: log.size });
  return `${recorded} ${witnesses === '' ? s['log.unwitnessed']! : fill(s['log.witnessed']!, { witnesses })}`;
}

/**
 * Online, the police say whether the document was revoked or replaced since, and send the national
 * log's evidence of its entry; offline, the page says it could not ask.
 */
async function showStatus(page: Page, box: HTMLElement, claims: DocumentClaims): Promise<void> {
  const s = page.strings;
  setSlot(box, 'status', s['status.checking']!);
  let text = s['status.offline']!;
  let leaf = await leafText(page, claims, undefined, false);
  try {
    const response = await fetch(`/api/documents/status/${encodeURIComponent(claims.documentNumber)}`, {
      headers: { accept: 'application/json' },
    });
    if (response.status === 404) {
      text = s['status.unknown']!;
    } else if (response.ok) {
      const status = (await response.json()) as {
        status: string;
        reason?: string;
        supersededBy?: string;
        log?: unknown;
      };
      if (status.status === 'valid') text = s['status.valid']!;
      else if (status.status === 'revoked') text = fill(s['status.revoked']!, { reason: status.reason ?? '' });
      else text = fill(s['status.superseded']!, { number: status.supersededBy ?? '' });
      leaf = await leafText(page, claims, status.log, true);
    }
  } catch {
    // no connection: the offline answer stands
  }
  setSlot(box, 'status', text);
  setSlot(box, 'leaf', leaf);
}

function render(page: Page, result: OpenResult): void {
  const box = (page.template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
  const s = page.strings;
  page.shown = undefined;
  if (!result.genuine) {
    box.className = 'notice warning verdict';
    setSlot(box, 'title', s.notGenuine!);
    setSlot(box, 'lead', s[`reason.${result.reason}`] ?? '');
    box.querySelector('[data-slot="facts"]')?.remove();
  } else {
    const c = result.claims;
    setSlot(box, 'title', s.genuine!);
    setSlot(box, 'lead', s.genuineLead!);
    setSlot(box, 'number', c.documentNumber);
    setSlot(box, 'kind', s[`kind.${c.kind}`] ?? c.kind);
    setSlot(box, 'station', page.config.stations[c.stationId] ?? c.stationId);
    setSlot(box, 'issued', when(page, c.issuedAt));
    for (const slot of FACT_SLOTS)
      for (const row of box.querySelectorAll<HTMLElement>(`[data-row="${slot}"]`))
        row.hidden = !showsFact(c.kind, slot);
    page.shown = { claims: c, box };
    void showHolder(page);
    if (c.amountCents !== undefined) {
      // a fine receipt: its notice, what was paid and when; it is in no log and revoked by nobody
      setSlot(box, 'notice', c.obNumber);
      setSlot(box, 'amount', formatCents(intlLocale(page.config.locale), c.amountCents, page.config.currency));
      setSlot(box, 'paid', when(page, c.eventAt));
    } else {
      setSlot(box, 'ob', `OB ${c.obNumber}`);
      setSlot(box, 'event', when(page, c.eventAt));
      setSlot(box, 'leaf', c.leafIndex === null ? s.leafNone! : fill(s.leafIndex!, { index: c.leafIndex }));
      void showStatus(page, box, c);
    }
  }
  document.getElementById('result')?.remove(); // a check by code answered before this one
  page.verdict.replaceChildren(box);
  box.scrollIntoView({ block: 'nearest' });
}

/** The last answer goes as soon as another check begins: it is never mistaken for the new one's. */
function clear(page: Page): void {
  page.progress.textContent = '';
  page.verdict.replaceChildren();
  page.shown = undefined;
}

/** Checks a QR code's text and shows the answer. */
async function check(page: Page, text: string): Promise<void> {
  clear(page);
  if (!page.keys) {
    page.progress.textContent = page.strings.keysMissing!;
    return;
  }
  try {
    render(page, await openDocument(text.trim().replace(/[\r\n]+/g, ''), page.keys.list));
  } catch (error) {
    page.progress.textContent =
      error instanceof UnsupportedBrowserError ? page.strings.unsupported! : page.strings.keysMissing!;
  }
}

function decoder(config: Config): Decoder | undefined {
  const zxing = window.ZXingWASM;
  if (!zxing) return undefined;
  zxing.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith('.wasm') ? config.decoderWasm : prefix + path) },
  });
  const options: ReaderOptions = { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 };
  return async (input) => (await zxing.readBarcodes(input, options)).find((r) => r.isValid)?.text;
}

function enhanceFile(page: Page, decode: Decoder): void {
  const input = byId<HTMLInputElement>('qr-file');
  input?.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    clear(page);
    page.progress.textContent = page.strings.reading!;
    void decode(file)
      .catch(() => undefined)
      .then(async (text) => {
        if (text === undefined) page.progress.textContent = page.strings.fileNoCode!;
        else await check(page, text);
      });
  });
}

function enhanceCamera(page: Page, decode: Decoder): void {
  const start = byId<HTMLButtonElement>('camera-start');
  const stop = byId<HTMLButtonElement>('camera-stop');
  const video = byId<HTMLVideoElement>('camera-video');
  if (!start || !stop || !video || !navigator.mediaDevices?.getUserMedia) return;
  const scanner = cameraScanner(video, decode);
  const shown = (on: boolean) => {
    start.hidden = on;
    stop.hidden = !on;
    video.hidden = !on;
  };
  start.hidden = false;
  start.addEventListener('click', () => {
    clear(page);
    page.progress.textContent = page.strings.cameraLooking!;
    shown(true);
    void scanner.start().then(
      async (text) => {
        shown(false);
        if (text !== undefined) await check(page, text);
      },
      () => {
        shown(false);
        page.progress.textContent = page.strings.cameraFailed!;
      },
    );
  });
  stop.addEventListener('click', () => {
    scanner.stop();
    page.progress.textContent = '';
  });
}

/** Registers the service worker and asks it to keep the page and all it uses, for the next visit without a connection. */
async function workOffline(page: Page): Promise<void> {
  const state = byId('offline-state');
  if (!('serviceWorker' in navigator) || !state) return;
  try {
    await navigator.serviceWorker.register(page.config.serviceWorker, { scope: page.config.scope });
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker) return;
    const urls = [
      page.config.scope,
      '/documents/keys',
      page.config.decoderWasm,
      ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (s) => s.src),
      ...Array.from(
        document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"], link[rel~="icon"]'),
        (l) => l.href,
      ),
    ];
    const channel = new MessageChannel();
    const kept = new Promise<boolean>((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<{ kept: boolean }>) => resolve(event.data.kept);
    });
    worker.postMessage({ keep: urls }, [channel.port2]);
    if (await kept) state.textContent = page.strings.offlineReady!;
  } catch {
    // the page still works online
  }
}

async function start(): Promise<void> {
  const root = byId('document-verify');
  const verdict = byId('verdict');
  const template = byId<HTMLTemplateElement>('verdict-template');
  const holder = byId<HTMLInputElement>('holder-name');
  const progress = byId('scan-progress');
  if (!root || !verdict || !template || !holder || !progress) return;
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  // the one capability check: without these the QR code cannot be checked here (plain HTTP, an old browser)
  if (!globalThis.crypto?.subtle || typeof DecompressionStream !== 'function') {
    const unsupported = byId('verify-unsupported');
    if (unsupported) unsupported.hidden = false;
    return;
  }
  const config = JSON.parse(root.dataset.config ?? '{}') as Config;
  const page: Page = { config, strings, keys: undefined, verdict, template, holder, progress, shown: undefined };
  root.hidden = false;
  holder.addEventListener('input', () => void showHolder(page));
  byId('qr-check')?.addEventListener(
    'click',
    () => void check(page, byId<HTMLTextAreaElement>('qr-text')?.value ?? ''),
  );
  const decode = decoder(config);
  if (decode) {
    enhanceFile(page, decode);
    enhanceCamera(page, decode);
  }
  page.keys = await loadKeys();
  const keysState = byId('keys-state');
  if (keysState)
    keysState.textContent = page.keys?.fetchedAt
      ? fill(strings.keysFetched!, { when: when(page, page.keys.fetchedAt.getTime() / 1000) })
      : page.keys
        ? ''
        : strings.keysMissing!;
  await workOffline(page);
}

void start();
