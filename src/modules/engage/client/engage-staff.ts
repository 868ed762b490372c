/**
 * For moderators and the IG's office: follows the session's staff stream. The queue's counts are
 * kept current, and a notice says when questions are waiting or new ones were approved, with a
 * link to show them; the page itself is never rearranged under the moderator's hands.
 */

interface Strings {
  counts: string;
  pending: string;
  waiting: string;
  newApproved: string;
}

interface QueueCounts {
  pending: number;
  approved: number;
  rejected: number;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

function start(): void {
  const root = document.getElementById('staff-live');
  const url = root?.getAttribute('data-live');
  if (!root || !url || typeof EventSource === 'undefined') return;
  const strings = JSON.parse(root.getAttribute('data-strings') ?? '{}') as Strings;
  const notice = document.getElementById('live-notice');
  const noticeText = notice?.querySelector('.live-text');
  const counts = document.getElementById('queue-counts');
  const pendingLink = document.getElementById('pending-link');
  const shownPending = Number(counts?.getAttribute('data-pending') ?? '0');
  const known = new Set(
    Array.from(document.querySelectorAll('ol.clusters.console > li')).map((li) => li.id.replace('cluster-', '')),
  );

  const say = (text: string) => {
    if (!notice || !noticeText) return;
    noticeText.textContent = text;
    notice.hidden = false;
  };

  const source = new EventSource(url);
  // what is happening now reaches the page from here on (browser journeys wait for it)
  source.addEventListener('open', () => root.setAttribute('data-connected', ''));
  source.addEventListener('queue', (e) => {
    const q = JSON.parse((e as MessageEvent<string>).data) as QueueCounts;
    if (counts)
      counts.textContent = fill(strings.counts, { pending: q.pending, approved: q.approved, rejected: q.rejected });
    if (pendingLink) pendingLink.textContent = fill(strings.pending, { n: q.pending });
    // on the queue, a notice when more wait than the page shows
    if (counts && q.pending > shownPending) say(fill(strings.waiting, { n: q.pending }));
  });
  source.addEventListener('cluster', (e) => {
    const c = JSON.parse((e as MessageEvent<string>).data) as { id: string; removed?: boolean };
    // on the console, a notice when a question the IG has not seen was approved
    if (!counts && !c.removed && !known.has(c.id)) say(strings.newApproved);
  });
}

start();
