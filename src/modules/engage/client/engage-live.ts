/**
 * Follows a live #EngageTheIG session: new approved questions, vote counts, "answering now",
 * answers and the session's state arrive as Server-Sent Events and are put into the page the
 * server rendered, using its own templates. Text is only ever set as text, never as HTML. The
 * browser's EventSource reconnects by itself and resumes with Last-Event-ID.
 *
 * Upvoting (and taking an upvote back) happens in place: the form is sent asking for JSON and
 * the server's other form (both are in the page, one hidden) is shown with the new count. When
 * the server refuses (the session ended, too many votes...) the form is sent as it would be
 * without JavaScript, so the server's page explains why.
 */

interface Strings {
  asked: string;
  upvotesOne: string;
  upvotesOther: string;
  answers: string;
  igAnswered: string;
  anonymous: string;
  voteFor: string;
  topics: Record<string, string>;
  connected: string;
  reconnecting: string;
  voteFailed: string;
}

/** The server's answer to a vote or its taking back. */
interface VoteData {
  counted: boolean;
  voted: boolean;
  clusterId: string;
  askers: number;
  upvotes: number;
  weight: number;
}

interface ClusterData {
  id: string;
  removed?: boolean;
  questionId: string;
  text: string;
  name: string | null;
  topic: string;
  askers: number;
  upvotes: number;
  weight: number;
  answered: boolean;
  caseReferences: string[];
  postUrl: string | null;
}

interface AnswerData {
  id: string;
  clusterId: string;
  question: string | null;
  text: string;
  at: string;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

const text = (parent: ParentNode | null, selector: string, value: string) => {
  const el = parent?.querySelector(selector);
  if (el) el.textContent = value;
};
const show = (el: Element | null, visible: boolean) => {
  if (el) (el as HTMLElement).hidden = !visible;
};

/** A cluster's askers and upvotes line, as the server writes it. */
function showCounts(li: HTMLElement, strings: Strings, askers: number, upvotes: number, weight: number): void {
  li.setAttribute('data-weight', String(weight));
  const asked = askers > 1 ? fill(strings.asked, { n: askers }) : '';
  const votes = fill(upvotes === 1 ? strings.upvotesOne : strings.upvotesOther, { n: upvotes });
  const line = li.querySelector('.cluster-counts');
  if (!line) return;
  line.textContent = '';
  if (asked) {
    const strong = document.createElement('strong');
    strong.textContent = asked;
    line.append(strong, ' · ');
  }
  line.append(votes);
}

/** Upvote and take back in place; the server's forms stay the way without JavaScript. */
function enhanceVotes(list: HTMLElement, strings: Strings): void {
  if (typeof fetch === 'undefined' || typeof FormData === 'undefined' || typeof URLSearchParams === 'undefined') return;
  list.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('vote')) return;
    const li = form.closest<HTMLElement>('.cluster');
    const box = form.closest('.vote-box');
    if (!li || !box) return;
    event.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    const body = new URLSearchParams();
    new FormData(form).forEach((value, name) => body.append(name, String(value)));
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
      .then(async (response) => {
        // refused (ended, banned, too many, the form expired): the server's page says why
        if (!response.ok) return form.submit();
        const vote = (await response.json()) as VoteData;
        const upvote = box.querySelector<HTMLFormElement>('form.upvote');
        const unvote = box.querySelector<HTMLFormElement>('form.unvote');
        show(upvote, !vote.voted);
        show(unvote, vote.voted);
        show(box.querySelector('.vote-error'), false);
        showCounts(li, strings, vote.askers, vote.upvotes, vote.weight);
        // the button pressed is hidden now: keyboard users go on from the one that replaced it
        (vote.voted ? unvote : upvote)?.querySelector('button')?.focus();
      })
      .catch(() => {
        const error = box.querySelector('.vote-error');
        if (error) error.textContent = strings.voteFailed;
        show(error, true);
      })
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

/** What the live page's handlers share: its parts, texts and settings. */
interface Live {
  root: HTMLElement;
  list: HTMLElement | null;
  strings: Strings;
  topic: string;
  clusterTemplate: HTMLTemplateElement | null;
  answerTemplate: HTMLTemplateElement | null;
  when: (iso: string) => string;
}

function updateCluster(live: Live, li: HTMLElement, c: ClusterData): void {
  showCounts(li, live.strings, c.askers, c.upvotes, c.weight);
  show(li.querySelector('.answered-mark'), c.answered);
  show(li.querySelector('.case-opened'), c.caseReferences.length > 0);
  text(li, '.case-refs', c.caseReferences.join(', '));
}

function newCluster(live: Live, c: ClusterData): HTMLElement | undefined {
  const strings = live.strings;
  const li = live.clusterTemplate?.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
  if (!li) return undefined;
  li.id = `q-${c.questionId}`;
  li.setAttribute('data-cluster', c.id);
  text(li, '.tag.topic', strings.topics[c.topic] ?? c.topic);
  text(li, '.asker', c.name ?? strings.anonymous);
  text(li, '.asked-at', live.when(new Date().toISOString()));
  text(li, '.question-body', c.text);
  if (c.postUrl && c.postUrl.startsWith('https://')) {
    li.querySelector('.x-post a')?.setAttribute('href', c.postUrl);
    show(li.querySelector('.x-post'), true);
  }
  li.querySelector('form.upvote')?.setAttribute('action', `/engage/questions/${c.questionId}/vote`);
  li.querySelector('form.unvote')?.setAttribute('action', `/engage/questions/${c.questionId}/unvote`);
  for (const hint of Array.from(li.querySelectorAll('form.vote .visually-hidden')))
    hint.textContent = ` ${fill(strings.voteFor, { text: c.text.slice(0, 60) })}`;
  return li;
}

/** Heaviest first, then oldest, as the server orders them. */
function place(list: HTMLElement, li: HTMLElement): void {
  const weight = Number(li.getAttribute('data-weight'));
  const id = Number(li.getAttribute('data-cluster'));
  for (const other of Array.from(list.children) as HTMLElement[]) {
    if (other === li) continue;
    const w = Number(other.getAttribute('data-weight'));
    if (w < weight || (w === weight && Number(other.getAttribute('data-cluster')) > id)) {
      if (li.nextElementSibling !== other) list.insertBefore(li, other);
      return;
    }
  }
  if (list.lastElementChild !== li) list.appendChild(li);
}

function onCluster(live: Live, c: ClusterData): void {
  const list = live.list;
  if (!list) return;
  let li: HTMLElement | null | undefined = list.querySelector<HTMLElement>(`[data-cluster="${c.id}"]`);
  if (c.removed) {
    li?.remove();
  } else {
    if (!li) {
      if (live.topic && c.topic !== live.topic) return;
      li = newCluster(live, c);
      if (!li) return;
    }
    updateCluster(live, li, c);
    place(list, li);
  }
  show(document.getElementById('no-questions'), list.children.length === 0);
  const answering = document.getElementById('answering-now');
  if (answering && !c.removed && answering.getAttribute('data-cluster') === c.id)
    text(answering, '.question-body', c.text);
}

function answerItem(live: Live, a: AnswerData): HTMLElement | undefined {
  const li = live.answerTemplate?.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
  if (!li) return undefined;
  li.setAttribute('data-answer', a.id);
  text(li, '.question-quote', a.question ?? '');
  text(li, '.meta', fill(live.strings.igAnswered, { at: live.when(a.at) }));
  text(li, '.answer-body', a.text);
  return li;
}

function onAnswer(live: Live, a: AnswerData): void {
  const answers = document.getElementById('answers');
  if (answers && !answers.querySelector(`[data-answer="${a.id}"]`)) {
    const li = answerItem(live, a);
    if (li) answers.insertBefore(li, answers.firstChild);
    show(document.getElementById('answers-section'), true);
    text(document, '#answers-title', fill(live.strings.answers, { n: answers.children.length }));
  }
  const answering = document.getElementById('answering-now');
  if (answering && answering.getAttribute('data-cluster') === a.clusterId) {
    const box = answering.querySelector('.answering-answers');
    const li = answerItem(live, a);
    if (box && li && !box.querySelector(`[data-answer="${a.id}"]`)) {
      const div = document.createElement('div');
      div.className = 'answer';
      div.setAttribute('data-answer', a.id);
      div.append(...Array.from(li.querySelectorAll('.meta, .answer-body')));
      box.appendChild(div);
    }
  }
}

function onAnswering(live: Live, c: ClusterData | null): void {
  const answering = document.getElementById('answering-now');
  for (const li of Array.from(document.querySelectorAll('#clusters .cluster.answering')))
    li.classList.remove('answering');
  if (!answering) return;
  answering.setAttribute('data-cluster', c?.id ?? '');
  show(answering, c !== null);
  if (!c) return;
  text(answering, '.question-body', c.text);
  const askers = answering.querySelector('.answering-askers');
  if (askers) askers.textContent = c.askers > 1 ? fill(live.strings.asked, { n: c.askers }) : '';
  show(askers, c.askers > 1);
  const box = answering.querySelector('.answering-answers');
  if (box) box.textContent = '';
  live.list?.querySelector(`[data-cluster="${c.id}"]`)?.classList.add('answering');
}

/** Follows the session's event stream, updating the page as things happen. */
function follow(live: Live, url: string): void {
  const root = live.root;
  const strings = live.strings;
  const status = document.getElementById('live-status');
  const source = new EventSource(url);
  const parse = <T>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
  source.addEventListener('open', () => {
    if (status) status.textContent = strings.connected;
  });
  source.addEventListener('error', () => {
    if (status) status.textContent = strings.reconnecting;
  });
  source.addEventListener('cluster', (e) => onCluster(live, parse<ClusterData>(e)));
  source.addEventListener('answer', (e) => onAnswer(live, parse<AnswerData>(e)));
  source.addEventListener('answering', (e) => onAnswering(live, parse<{ cluster: ClusterData | null }>(e).cluster));
  source.addEventListener('session', (e) => {
    // going live, ending, a new time: the page's frame changes, so it is fetched again
    if (parse<{ state: string }>(e).state !== root.getAttribute('data-state')) location.reload();
  });
  source.addEventListener('reload', () => location.reload());
}

function start(): void {
  const root = document.getElementById('live');
  const url = root?.getAttribute('data-live');
  if (!root || !url) return;
  const strings = JSON.parse(root.getAttribute('data-strings') ?? '{}') as Strings;
  const list = document.getElementById('clusters');
  if (list) enhanceVotes(list, strings);
  if (typeof EventSource === 'undefined') {
    // no live stream in this browser: refresh now and then, as without JavaScript
    if (root.getAttribute('data-state') === 'live') setTimeout(() => location.reload(), 30_000);
    return;
  }
  const locale = root.getAttribute('data-locale') === 'sw' ? 'sw-KE' : 'en-KE';
  const timeZone = root.getAttribute('data-zone') || undefined;
  follow(
    {
      root,
      list,
      strings,
      topic: root.getAttribute('data-topic') ?? '',
      clusterTemplate: document.getElementById('cluster-template') as HTMLTemplateElement | null,
      answerTemplate: document.getElementById('answer-template') as HTMLTemplateElement | null,
      when: (iso: string) =>
        new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    },
    url,
  );
}

start();
