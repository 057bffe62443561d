/*
 * Statuses: whether people are at their desk (active, away, do not disturb until a time) and a few words with an
 * emoji of their own. Others' come from GET /statuses when the stream (re)starts and from 'status' events after;
 * the reader sets theirs in their box (PUT /profile/status), and this page marks them away by itself after
 * IDLE_MS without input on any of its tabs, and active again when they are back. While the reader's do-not-disturb
 * lasts, nothing notifies or sounds (messages still count as unread).
 *
 * The rules of a status (a do-not-disturb that has ended is active) are the server's PersonStatus; this page asks
 * the server (GET /statuses answers them as they stand) and only keeps the end time it was given.
 */
import { t, locale } from './i18n.js';
import { $, UNREACHABLE } from './dom.js';
import { changed, keyOf, on, state } from './state.js';

/** Without a key press, click, touch or scroll on any tab of this page for this long, the reader is away. */
export const IDLE_MS = 10 * 60_000;
const LAST_INPUT_KEY = 'hubbub.lastInput';
const CHECK_EVERY_MS = 30_000;

/** Name key -> {name, status}: everyone whose status is known and not plain. */
const known = new Map();
/** Bumped by each 'status' event: an answer to a GET sent before it does not undo what the event said. */
const heardAt = new Map();
let heard = 0;

const TIME = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const DAY_TIME = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** The status of {@code name} as it stands now: {state, text, emoji, until, auto}; active when none is known. */
export function statusOf(name) {
  const entry = known.get(keyOf(name));
  if (!entry) return { state: 'active' };
  const status = entry.status;
  if (status.state === 'dnd' && new Date(status.until).getTime() <= Date.now()) {
    return { state: 'active', text: status.text, emoji: status.emoji };
  }
  return status;
}

/** Whether the reader's notifications and sounds are held now (their do-not-disturb lasts). */
export function holdingNotifications() {
  return !!state.me && statusOf(state.me).state === 'dnd';
}

/** "Away · 🍔 lunch", "Do not disturb until 14:00", "Offline · 🌴 on holiday", or '' for an active person. */
export function describeStatus(name) {
  const status = statusOf(name);
  const online = state.online.has(keyOf(name));
  const parts = [];
  if (!online) parts.push(t('status.offline'));
  else if (status.state === 'away') parts.push(t('status.away'));
  else if (status.state === 'dnd') parts.push(t('status.dndUntil', { time: endOf(status.until) }));
  const own = [status.emoji, status.text].filter(Boolean).join(' ');
  if (own) parts.push(own);
  return parts.join(' · ');
}

function endOf(until) {
  const end = new Date(until);
  const sameDay = end.toDateString() === new Date().toDateString();
  return (sameDay ? TIME : DAY_TIME).format(end);
}

/**
 * The little mark beside a name: a dot coloured by the state (offline, active, away, do not disturb) and the
 * person's emoji, with the whole status as its title and for screen readers; only the dot where the words
 * ({@link describeStatus}) are drawn beside it.
 */
export function statusMark(name, { wordsBeside = false } = {}) {
  const mark = document.createElement('span');
  if (wordsBeside) mark.dataset.wordsBeside = 'true';
  drawMark(mark, name);
  return mark;
}

function drawMark(mark, name) {
  const status = statusOf(name);
  const online = state.online.has(keyOf(name));
  mark.className = 'status-mark ' + (online ? status.state : 'offline');
  mark.dataset.name = name;
  const dot = document.createElement('span');
  dot.className = 'status-dot';
  dot.setAttribute('aria-hidden', 'true');
  mark.replaceChildren(dot);
  if (status.emoji && !mark.dataset.wordsBeside) {
    const emoji = document.createElement('span');
    emoji.className = 'status-emoji';
    emoji.setAttribute('aria-hidden', 'true');
    emoji.textContent = status.emoji;
    mark.append(emoji);
  }
  const words = describeStatus(name);
  mark.title = words || t('status.active');
  // Said to a screen reader when there is something to say (an active person's name is enough), unless the words
  // (with the emoji) are drawn beside the mark anyway.
  if (words && !mark.dataset.wordsBeside) {
    const spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.textContent = '(' + words + ')';
    mark.append(spoken);
  }
}

/** What the server said of someone's status (the people directory's answer): kept, as an event's would be. */
export function keepStatus(name, status) {
  keep(name, status);
}

function keep(name, status) {
  const key = keyOf(name);
  if (!status || (status.state === 'active' && !status.text && !status.emoji)) known.delete(key);
  else known.set(key, { name, status });
}

/** Asks the server for the statuses of those online and of the reader's direct conversations' people. */
async function askStatuses() {
  const asked = heard;
  const names = [...state.directs.values()].slice(0, 100);
  try {
    const online = fetch('/statuses').then(r => r.json());
    const others = names.length ? fetch('/statuses?' + names.map(n => 'name=' + encodeURIComponent(n)).join('&'))
        .then(r => r.json()) : Promise.resolve({ statuses: {} });
    const answers = await Promise.all([online, others]);
    for (const answer of answers) {
      for (const [name, status] of Object.entries(answer.statuses || {})) {
        if ((heardAt.get(keyOf(name)) || 0) <= asked) keep(name, status);
      }
    }
    // Someone the answers leave out has no status, unless an event said otherwise after they were asked.
    for (const key of [...known.keys()]) {
      const listed = answers.some(answer => Object.keys(answer.statuses || {}).some(n => keyOf(n) === key));
      const askedFor = state.online.has(key) || names.some(n => keyOf(n) === key);
      if (!listed && askedFor && (heardAt.get(key) || 0) <= asked) known.delete(key);
    }
    showOwn();
    changed('statuses');
  } catch (e) {
    // The next hello asks again.
  }
}

/** A 'status' event: someone set theirs (or the reader did, on another device). */
export function statusArrived(change) {
  heardAt.set(keyOf(change.name), ++heard);
  keep(change.name, change.status);
  if (state.me && keyOf(change.name) === keyOf(state.me)) {
    showOwn();
    correctAutoAway(change.status);
  }
  changed('statuses');
}

// ---- the reader's own ------------------------------------------------------------------------------------------

const form = $('status-form');
const stateInput = $('status-state');
const forInput = $('status-for');
const emojiInput = $('status-emoji');
const textInput = $('status-text');
const mine = $('my-status');

/** When a do-not-disturb chosen now ends. */
function dndEnd(choice) {
  const end = new Date();
  if (choice === 'tomorrow') {
    end.setDate(end.getDate() + 1);
    end.setHours(9, 0, 0, 0);
  } else {
    end.setTime(end.getTime() + Number(choice) * 60_000);
  }
  return end.toISOString();
}

async function setStatus(status) {
  try {
    const answer = await fetch('/profile/status', status ? {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(status),
    } : { method: 'DELETE' });
    if (!answer.ok) {
      changed('notice', (await answer.text()).trim());
      return false;
    }
    statusArrived({ name: state.me, status: await answer.json() });
    changed('notice', '');
    return true;
  } catch (e) {
    changed('notice', UNREACHABLE);
    return false;
  }
}

function showOwn() {
  if (!state.me) return;
  const status = statusOf(state.me);
  if (document.activeElement !== stateInput) stateInput.value = status.state;
  forInput.hidden = stateInput.value !== 'dnd';
  if (!form.contains(document.activeElement)) {
    emojiInput.value = status.emoji || '';
    textInput.value = status.text || '';
  }
  mine.replaceChildren(statusMark(state.me, { wordsBeside: true }), ' ', describeStatus(state.me) || t('status.active'));
  document.body.dataset.status = status.state;
}

stateInput.addEventListener('change', () => { forInput.hidden = stateInput.value !== 'dnd'; });
form.addEventListener('submit', async event => {
  event.preventDefault();
  const status = { state: stateInput.value, text: textInput.value.trim(), emoji: emojiInput.value.trim() };
  if (status.state === 'dnd') status.until = dndEnd(forInput.value);
  if (await setStatus(status)) textInput.blur();
});
$('status-clear').addEventListener('click', () => setStatus(null));

// ---- away when idle ------------------------------------------------------------------------------------------

let lastInput = Date.now();
let lastShared = 0;
/** The input time an automatic away was sent for: one per idle stretch, however other devices answer it. */
let awayFor = -1;

function lastInputAnywhere() {
  return Math.max(lastInput, Number(localStorage.getItem(LAST_INPUT_KEY)) || 0);
}

function input() {
  lastInput = Date.now();
  if (lastInput - lastShared > 5_000) {
    lastShared = lastInput;
    localStorage.setItem(LAST_INPUT_KEY, String(lastInput));
  }
  const status = state.me && statusOf(state.me);
  if (status && status.state === 'away' && status.auto && awayFor !== -2) {
    awayFor = -2; // one "back" at a time
    setStatus(plainOr({ state: 'active', text: status.text, emoji: status.emoji }))
        .finally(() => { awayFor = -1; });
  }
}

/** An active status with nothing to say is no status at all (DELETE). */
function plainOr(status) {
  return status.state === 'active' && !status.text && !status.emoji ? null : status;
}

function checkIdle(idleMs) {
  if (!state.me || !state.stream) return;
  const last = lastInputAnywhere();
  const status = statusOf(state.me);
  if (status.state === 'active' && Date.now() - last >= idleMs && awayFor !== last) {
    awayFor = last;
    setStatus({ state: 'away', auto: true, text: status.text, emoji: status.emoji });
  }
}

/** Another device marked the reader away while they are busy here: this one says they are back. */
function correctAutoAway(status) {
  const last = lastInputAnywhere();
  if (status.state === 'away' && status.auto && awayFor !== last && Date.now() - last < IDLE_MS) input();
}

for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  window.addEventListener(type, input, { passive: true, capture: true });
}
// While a do-not-disturb lasts, its end is drawn again when it passes (the server says nothing then).
setInterval(() => {
  if ([...known.values()].some(({ status }) => status.state === 'dnd')) changed('statuses');
}, CHECK_EVERY_MS);

// Names in messages say their person's status when pointed at (read when pointed at, so never stale).
document.addEventListener('mouseover', event => {
  const author = event.target.closest && event.target.closest('.author, .quote-author');
  if (author && author.textContent) author.title = describeStatus(author.textContent) || t('status.active');
});

on('hello', askStatuses);
on('signed-in', showOwn);
on('statuses', () => {
  if (state.me) showOwn();
  for (const mark of document.querySelectorAll('.status-mark[data-name]')) drawMark(mark, mark.dataset.name);
});
on('online', () => changed('statuses'));

// How long the page waits before it calls the reader away can be shortened for a test (?idle=SECONDS).
const idleParam = Number(new URLSearchParams(location.search).get('idle'));
if (idleParam > 0) setInterval(() => checkIdle(idleParam * 1000), 250);
else setInterval(() => checkIdle(IDLE_MS), CHECK_EVERY_MS);
