/**
 * The document check's service worker, served as /documents/verify-sw.js and registered with the
 * scope /documents/verify (that page only). The page asks it to keep the page, its scripts and
 * styles, the QR decoder's WebAssembly and the published keys; afterwards it answers those from
 * the network when it can (keeping the fresh copy) and from what it kept when it cannot, so the
 * page checks documents in airplane mode. The decoder's files are versioned: kept once, never
 * fetched again. Anything else (the revocation status, the form's answer) goes to the network.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const CACHE = 'sauti-document-verify-1';
const PAGE = '/documents/verify';

/** What this worker keeps and answers: the page and what it uses, nothing else of the site. */
function kept(url: URL): boolean {
  if (url.origin !== worker.location.origin) return false;
  const path = url.pathname;
  return path === PAGE || path === '/documents/keys' || path.startsWith('/assets/') || path.startsWith(`${PAGE}/`);
}
const versioned = (url: URL) => url.pathname.startsWith(`${PAGE}/zxing-`);
/** The page is kept under its path alone (a language or a form's query asks for the same page). */
const cacheKey = (url: URL) => (url.pathname === PAGE ? url.origin + PAGE : url.href);

async function fetchAndKeep(url: URL, request: Request | string): Promise<Response> {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(cacheKey(url), response.clone());
  }
  return response;
}

async function answer(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  if (versioned(url)) {
    const copy = await cache.match(cacheKey(url));
    if (copy) return copy;
  }
  try {
    return await fetchAndKeep(url, request);
  } catch (error) {
    const copy = await cache.match(cacheKey(url));
    if (copy) return copy;
    throw error;
  }
}

/** Keeps what the page asked for (what it may ask for), skipping versioned files already kept; true when all are kept. */
async function keep(urls: readonly string[]): Promise<boolean> {
  const cache = await caches.open(CACHE);
  const results = await Promise.all(
    urls.map(async (href) => {
      const url = new URL(href, worker.location.origin);
      if (!kept(url)) return false;
      if (versioned(url) && (await cache.match(cacheKey(url)))) return true;
      try {
        return (await fetchAndKeep(url, url.href)).ok;
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener('message', (event) => {
  const urls = (event.data as { keep?: unknown } | null)?.keep;
  if (!Array.isArray(urls) || urls.length > 50 || !urls.every((u) => typeof u === 'string')) return;
  event.waitUntil(keep(urls).then((all) => event.ports[0]?.postMessage({ kept: all })));
});

worker.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  const url = new URL(event.request.url);
  if (kept(url)) event.respondWith(answer(event.request, url));
});
