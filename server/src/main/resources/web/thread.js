/*
 * Threads. A side panel (the whole screen on a phone) shows one thread: its root, its replies (a message window of
 * its own, paged from GET /chat/history?thread=ID, with its own "New messages" line) and a composer that can also
 * send the reply to the conversation. The same panel lists the threads the reader follows (GET /threads), newest
 * activity first, with what is unread in each.
 *
 * The server decides who follows what (whoever wrote in a thread, wrote its root or was mentioned in it, or chose
 * Follow) and says so on the stream ('thread' events, to the reader alone); this page counts the replies that arrive
 * in the threads it follows, and tells the server where the reader read (POST /read).
 */
import { t, tn } from './i18n.js';
import { MessageWindow } from './conversation.js';
import { $, UNREACHABLE, batched } from './dom.js';
import { notifier, isForMe } from './notifications.js';
import { messages } from './messages.js';
import { closeNav } from './places.js';
import { Tray, uploaded } from './files.js';
import { post } from './send.js';
import { showWaiting } from './outbox.js';
import { randomId } from './tabs.js';
import {
  changed, conversationLabel, conversationOf, isDirect, isMine, on, personOf, rulesOf, state,
} from './state.js';

const panel = $('thread-panel');
const title = $('thread-title');
const follow = $('thread-follow');
const list = $('thread-list');
const view = $('thread-view');
const text = $('thread-text');
const send = $('thread-send');
const also = $('thread-also');
const alsoWhere = $('thread-also-where');
const composing = $('thread-composing');
const threadsLink = $('threads-link');
const pinsView = $('pins-view');
const pinsButton = $('pins-button');

const READ_DELAY_MS = 1000;

/** The thread shown: its root's id, the root when known, and its conversation. */
const shown = { root: null, message: null, where: null, quoting: null, editing: null };

/** A page of the thread shown; the root comes first on the page that reaches the thread's beginning. */
async function loadThread(query) {
  const asked = shown.root;
  if (!asked) return null;
  const params = new URLSearchParams({ thread: asked });
  for (const [key, value] of Object.entries(query)) params.set(key, String(value));
  try {
    const response = await fetch('/chat/history?' + params);
    if (asked !== shown.root) return null;
    if (!response.ok) {
      changed('notice', (await response.text()).trim());
      return null;
    }
    const page = await response.json();
    if (page.root) {
      shown.message = page.root;
      shown.where = conversationOf(page.root);
      drawHeader();
    }
    const fromStart = !page.more && !query.after;
    return fromStart && page.root ? { ...page, messages: [page.root, ...page.messages] } : page;
  } catch (e) {
    return null;
  }
}

export const threadWindow = new MessageWindow($('thread-messages'), $('thread-jump'), {
  isMine,
  me: () => state.me,
  isHost: () => state.host,
  history: loadThread,
  beginning: '',   // the thread's root is its beginning
  onReply: message => compose('reply', message),
  onEdit: message => compose('edit', message),
  onDelete: message => changed('delete', message),
  onReact: (message, emoji, add) => changed('react', { message, emoji, add }),
  onPin: (message, pin) => changed('pin', { message, pin }),
  onLeave: () => text.focus(),
  onArrived: () => {},
});

/** Whether the reader can see the thread shown now (the panel open, the tab visible). */
function looking(root) {
  return shown.root === root && !panel.hidden && !document.hidden;
}

// ---- what the reader follows -------------------------------------------------------------------------------

/** Asks the server which threads the reader follows, with their unread counts; redraws. */
async function loadFollowed() {
  if (!state.me) return;
  try {
    const response = await fetch('/threads');
    if (!response.ok) return;
    const answer = await response.json();
    state.threads.clear();
    for (const { root, unread } of answer.threads) {
      state.threads.set(root.id, { root, unread: looking(root.id) ? 0 : unread });
    }
    changed('threads');
    if (shown.root) drawFollow();
  } catch (e) {
    // Offline: what was known stays; the next hello asks again.
  }
}
const loadFollowedSoon = batched(loadFollowed);

/** The server says the reader now follows a thread, or no longer does (here or on another device). */
export function followingChanged(event) {
  if (event.following) {
    loadFollowedSoon();
  } else {
    state.threads.delete(event.root);
    changed('threads');
  }
  if (event.root === shown.root) drawFollow();
}

/** Tells the server the reader read the thread up to {@code id}, a second after the last such news. */
let readTimer = null;
let readUpTo = null;
function markRead(root, id) {
  readUpTo = { root, id };
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const { root: thread, id: upTo } = readUpTo;
    fetch('/read', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ thread, upTo }) }).catch(() => {});
  }, READ_DELAY_MS);
}

/**
 * A reply in a thread arrived on the stream: the root shows its new count wherever it is drawn, the panel shows the
 * reply when it shows the thread, and a followed thread counts it as unread (and notifies) unless the reader sees it.
 * Returns whether it was news for the reader here (a followed thread's, or one for them), so not to raise it twice.
 */
export function replyArrived(message, where) {
  const root = message.thread.root;
  messages.threadChanged(root, message.thread);
  const followed = state.threads.get(root);
  // The server's count (GET /threads, asked when a follow began) may include this reply already: its `thread` event
  // can come before the reply on the stream. A reply no newer than the newest it counted is not counted again.
  const counted = followed && followed.root.thread && followed.root.thread.lastReplyAt
      && new Date(message.sentAt) <= new Date(followed.root.thread.lastReplyAt);
  if (followed) {
    followed.root = { ...followed.root, thread: message.thread };
  }
  if (shown.root === root) threadWindow.add(message);
  if (isMine(message.author) || message.notice) return false;
  const seen = looking(root);
  if (seen) markRead(root, message.id);
  if (!followed && !isForMe(message)) return false;
  const label = conversationLabel(where);
  notifier.arrived(message, where, true, seen, t('notify.thread', { author: message.author, where: label }));
  if (followed && !seen && !counted) {
    followed.unread++;
    changed('threads');
  }
  return true;
}

// ---- the panel ------------------------------------------------------------------------------------------

/** Opens the thread of {@code root} (a message, or at least its id); with {@code reply}, the composer has focus. */
export async function openThread(root, reply = false) {
  if (!state.me) return;
  const rootId = root.id;
  const followed = state.threads.get(rootId);
  const unseen = followed ? followed.unread : 0;
  if (followed) {
    followed.unread = 0;
    changed('threads');
  }
  if (shown.root !== rootId) tray.cancelAll(); // files meant for another thread do not go to this one
  shown.root = rootId;
  shown.message = root.author ? root : null;
  shown.where = root.room ? conversationOf(root) : null;
  compose(null);
  showPanel('thread');
  drawHeader();
  await threadWindow.showNewest(unseen);
  if (shown.root === rootId) await showWaiting(threadWindow, shown.where, rootId);
  const newest = threadWindow.shown[threadWindow.shown.length - 1];
  if (newest && newest.id !== rootId) markRead(rootId, newest.id);
  if (reply) text.focus();
}

/** Shows a reply in the thread it belongs to (a search result, a notification). */
export async function revealInThread(rootId, id) {
  await openThread({ id: rootId });
  return threadWindow.reveal(id);
}

export function closeThread() {
  // The focus was in the panel: it goes to the conversation's box, not to nowhere.
  if (panel.contains(document.activeElement)) $('text').focus();
  tray.cancelAll();
  shown.root = null;
  shown.message = null;
  showPanel(null);
}

/** The panel shows a thread ('thread'), the followed threads ('list'), the pinned messages ('pins'), or nothing. */
function showPanel(what) {
  panel.hidden = !what;
  view.hidden = what !== 'thread';
  list.hidden = what !== 'list';
  pinsView.hidden = what !== 'pins';
  document.body.dataset.thread = what || '';
  follow.hidden = what !== 'thread';
  if (what === 'list') {
    title.textContent = t('threads.title');
    drawList();
  }
  if (what === 'pins') {
    title.textContent = t('pins.in', { where: conversationLabel(state.active) });
    loadPins();
  }
  if (what !== 'thread') shown.root = null;
}

function drawHeader() {
  const where = shown.where;
  title.textContent = where ? t('thread.in', { where: conversationLabel(where) }) : t('thread.title');
  alsoWhere.textContent = where ? conversationLabel(where) : t('thread.theConversation');
  also.parentElement.hidden = !where;
  drawFollow();
  const rules = where && !isDirect(where) ? rulesOf(where) : { readOnly: false, archived: false };
  const closed = rules.archived || (rules.readOnly && !state.host);
  text.disabled = send.disabled = closed;
  text.placeholder = closed ? t('thread.closed') : t('thread.placeholder');
}

function drawFollow() {
  const following = state.threads.has(shown.root);
  follow.textContent = following ? t('thread.following') + ' ✓' : t('thread.follow');
  follow.setAttribute('aria-pressed', String(following));
  follow.title = following ? t('thread.unfollowTitle') : t('thread.followTitle');
}

follow.addEventListener('click', async () => {
  const root = shown.root;
  if (!root) return;
  const method = state.threads.has(root) ? 'DELETE' : 'PUT';
  try {
    const response = await fetch('/threads/' + encodeURIComponent(root) + '/follow', { method });
    if (!response.ok) {
      changed('notice', (await response.text()).trim());
      return;
    }
    const now = await response.json();
    if (now.following) {
      state.threads.set(root, { root: shown.message || { id: root, room: now.room }, unread: 0 });
      changed('threads');
      loadFollowedSoon();
    } else {
      followingChanged(now);
    }
    drawFollow();
  } catch (e) {
    changed('notice', UNREACHABLE);
  }
});

// ---- pinned messages ------------------------------------------------------------------------------------------

/** The conversation shown's pinned messages (GET /chat/pins), newest pin first; choosing one shows it. */
async function loadPins() {
  const where = state.active;
  const params = new URLSearchParams(isDirect(where) ? { with: personOf(where) } : { room: where });
  let answer = null;
  try {
    const response = await fetch('/chat/pins?' + params);
    if (response.ok) answer = await response.json();
  } catch (e) {
    answer = null;
  }
  if (where !== state.active || pinsView.hidden) return;
  const pins = answer ? answer.messages : [];
  $('pins-items').replaceChildren(...pins.map(message => {
    const inThread = message.thread && message.thread.root !== message.id;
    return listItem([['thread-where', message.author + ' · ' + t('pins.by', { name: message.pinned.by })],
      ['thread-words', (message.text || '📎').slice(0, 200)]], 0,
    () => changed('jump', { where, id: message.id, thread: inThread ? message.thread.root : null }));
  }));
  $('pins-empty').hidden = pins.length > 0;
  $('pins-empty').textContent = answer ? NOTHING_PINNED : UNREACHABLE;
}
const NOTHING_PINNED = t('pins.empty');

/** A message of the conversation shown was pinned or unpinned: the list, when shown, follows. */
export function pinChanged(change) {
  if (!pinsView.hidden && panel.hidden === false && change.message && conversationOf(change.message)
      === state.active) {
    loadPins();
  }
}

pinsButton.addEventListener('click', () => {
  if (!pinsView.hidden && !panel.hidden) showPanel(null);
  else showPanel('pins');
});
on('shown', () => {
  pinsButton.hidden = !state.me;
  if (!pinsView.hidden && !panel.hidden) showPanel('pins');
});

// ---- the list of followed threads ---------------------------------------------------------------------------

function drawList() {
  const threads = [...state.threads.values()].filter(t => t.root && t.root.author)
      .sort((a, b) => lastActivity(b.root) - lastActivity(a.root));
  const items = threads.map(({ root, unread }) => {
    const replies = root.thread ? root.thread.replies : 0;
    return listItem([['thread-where', conversationLabel(conversationOf(root))],
      ['thread-words', root.author + ': ' + (root.deleted ? t('message.deleted') : (root.text || '📎')).slice(0, 120)],
      ['thread-count', tn('thread.count', replies)]], unread, () => openThread(root));
  });
  const ol = $('thread-list-items');
  ol.replaceChildren(...items);
  $('thread-list-empty').hidden = items.length > 0;
}

/** An entry of the panel's lists: lines of text (class, words), an unread badge when {@code unread}, an action. */
function listItem(lines, unread, choose) {
  const li = document.createElement('li');
  const go = document.createElement('button');
  go.type = 'button';
  go.className = 'thread-item';
  for (const [className, words] of lines) {
    const line = document.createElement('span');
    line.className = className;
    line.textContent = words;
    go.append(line);
  }
  if (unread > 0) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.title = tn('unread', unread);
    go.append(badge);
  }
  go.onclick = choose;
  li.append(go);
  return li;
}

function lastActivity(root) {
  return new Date((root.thread && root.thread.lastReplyAt) || root.sentAt).getTime();
}

/** The "Threads" place in the side list, with the unread replies of every followed thread. */
function drawThreadsLink() {
  let unread = 0;
  for (const { unread: n } of state.threads.values()) unread += n;
  threadsLink.hidden = !state.me;
  const badge = threadsLink.querySelector('.badge');
  badge.hidden = unread === 0;
  badge.textContent = unread > 99 ? '99+' : String(unread);
  badge.title = tn('threads.unread', unread);
  if (!list.hidden) drawList();
}

// ---- the thread's composer ------------------------------------------------------------------------------

/** The thread's composer answers a message ('reply'), edits one of ours ('edit'), or writes a new reply (null). */
function compose(mode, message) {
  shown.quoting = mode === 'reply' ? message : null;
  if (shown.editing && mode !== 'edit') text.value = '';
  shown.editing = mode === 'edit' ? message : null;
  composing.hidden = !mode;
  composing.textContent = mode === 'reply'
      ? t('composer.replying', { author: message.author, words: (message.text || '📎').slice(0, 80) })
      : mode === 'edit' ? t('composer.editing') : '';
  if (mode === 'edit') text.value = message.text;
  if (mode) text.focus();
}

/** The thread's own tray: files dropped on the panel, pasted in its box or picked, uploaded at once. */
const tray = new Tray($('thread-tray'), {
  maxBytes: () => state.maxFileBytes,
  onChange: () => changed('notice', ''),
});
let uploading = false;

function attach(files) {
  if (!state.me || !files || !files.length) return;
  tray.add(Array.from(files));
}

async function submit() {
  const words = text.value.trim();
  const root = shown.root;
  if ((!words && tray.isEmpty()) || !root || !shown.where || uploading) return;
  if (shown.editing) {
    const id = shown.editing.id;
    const response = await fetch('/chat/' + encodeURIComponent(id), { method: 'PATCH',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: words }) }).catch(() => null);
    if (!response || !response.ok) {
      changed('notice', response ? (await response.text()).trim() : UNREACHABLE);
      return;
    }
    text.value = '';
    compose(null);
    return;
  }
  // What was typed when Send was pressed goes with the files, once they are up (as in the conversation's box).
  const where = shown.where;
  uploading = true;
  const files = await uploaded(tray, send, reason => changed('notice', reason));
  uploading = false;
  if (!files) return;
  const replyTo = shown.quoting && shown.quoting.id !== root ? shown.quoting.id : null;
  text.value = '';
  compose(null);
  post(threadWindow, { words, where, files, replyTo, thread: root, alsoInRoom: also.checked }, randomId());
  also.checked = false;
}

$('thread-file-input').addEventListener('change', event => {
  attach(event.target.files);
  event.target.value = '';
});
text.addEventListener('paste', event => {
  const files = event.clipboardData && event.clipboardData.files;
  if (files && files.length) {
    event.preventDefault();
    event.stopPropagation();
    attach(files);
  }
});
view.addEventListener('dragover', event => {
  if (!state.me || !event.dataTransfer || !Array.from(event.dataTransfer.types).includes('Files')) return;
  event.preventDefault();
  event.stopPropagation();
  event.dataTransfer.dropEffect = 'copy';
});
view.addEventListener('drop', event => {
  if (!event.dataTransfer || !event.dataTransfer.files.length) return;
  event.preventDefault();
  event.stopPropagation();
  attach(event.dataTransfer.files);
});

$('thread-composer').addEventListener('submit', event => {
  event.preventDefault();
  submit();
});
text.addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    if (shown.editing || shown.quoting) compose(null);
    else closeThread();
  }
});
$('thread-close').addEventListener('click', closeThread);
threadsLink.addEventListener('click', event => {
  event.preventDefault();
  if (!list.hidden && !panel.hidden) showPanel(null);
  else showPanel('list');
  closeNav();
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && shown.root) {
    const newest = threadWindow.shown[threadWindow.shown.length - 1];
    if (newest && newest.id !== shown.root) markRead(shown.root, newest.id);
  }
});

on('threads', batched(drawThreadsLink));
on('signed-in', loadFollowed);
on('hello', loadFollowed);
on('room-gone', ({ id }) => {
  for (const [root, followed] of state.threads) if (followed.root && followed.root.room === id) state.threads.delete(root);
  if (shown.where === id) closeThread();
  changed('threads');
});
