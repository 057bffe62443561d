/*
 * Hubbub's page, put together. Each module draws one part from the state (state.js) and says what the reader wants
 * through it: session.js (signing in), places.js (the side panels and the title), messages.js (the conversation
 * shown), composer.js (writing), host.js (the host's tools), search.js, notifications.js. This module reads the
 * structured stream (/chat?view=json) through tabs.js's SharedStream, so all tabs of a browser share one
 * connection, turns its events into the state, and shows one conversation at a time (a room, or a direct
 * conversation with someone), named in the URL (#design, #@Bob). Everything a person typed is put on the page as
 * text (textContent), never as HTML.
 */
import { t } from './i18n.js';
import { SharedStream } from './tabs.js';
import { messages } from './messages.js';
import { announceArrival } from './announce.js';
import { noticeArrival } from './notifications.js';
import { closeNav, renderNav, showLabel, updateTitle } from './places.js';
import './composer.js';
import './host.js';
import './profile.js';
import './account.js';
import './console.js';
import './keys.js';
import { readsArrived } from './receipts.js';
import { statusArrived } from './status.js';
import { isJoined, membershipArrived, topicArrived } from './rooms.js';
import { closeResults } from './search.js';
import {
  followingChanged, openThread, pinChanged, replyArrived, revealInThread, threadWindow,
} from './thread.js';
import { OFFLINE_START, signInAtStart } from './session.js';
import { kick as sendWaiting, showWaiting, startOutbox } from './outbox.js';
import { $ } from './dom.js';
import {
  EPOCH_KEY, GENERAL, changed, conversationLabel, conversationOf, forgetRead, forgetRoom, hashOf, isDirect, isMine,
  keepRoom, keyOf, on, restoreRead,
  saveRead, saveReadSoon, state,
} from './state.js';

const connectionBadge = $('connection');
const notice = $('notice');

/** Shows a conversation: its newest messages, then what arrives in it. */
function open(conversationKey) {
  if (!state.me) return;
  state.active = conversationKey;
  const unseen = state.unread.get(conversationKey) || 0;
  state.unread.delete(conversationKey);
  if (!document.hidden) state.forMe.delete(conversationKey);
  saveReadSoon();
  showLabel(conversationKey);
  document.body.dataset.conversation = conversationKey;
  renderNav();
  updateTitle();
  closeNav();
  changed('shown');
  return messages.showNewest(unseen).finally(() => {
    // What the reader typed here that still waits for the server (after a reload, or a switch) shows again.
    if (state.active === conversationKey) showWaiting(messages, conversationKey);
  });
}

/** The conversation the URL names: #design, #@Bob; general when it names none. */
function fromHash() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('@') && hash.length > 1) {
    const name = hash.slice(1);
    const key = '@' + keyOf(name);
    if (!state.directs.has(key)) state.directs.set(key, name);
    return key;
  }
  return hash || GENERAL;
}

/**
 * Shows a conversation and the message with that id in it, loading older history until it is there; a reply in a
 * thread ({@code thread}: its root's id) is shown in its thread.
 */
async function jumpTo({ where, id, thread }) {
  closeResults();
  if (thread && thread !== id) {
    if (!await revealInThread(thread, id)) showNotice(t('message.gone'));
    return;
  }
  if (where !== state.active) {
    await open(where);
    location.hash = hashOf(where);
  }
  if (!await messages.reveal(id)) showNotice(t('message.gone'));
}

const STATES = ['connecting', 'connected', 'reconnecting', 'offline'];

function showConnection(connection) {
  changed('connection', connection);
  if (connection === 'connected') {
    sendWaiting();
    messages.recover();
    if (notice.textContent === OFFLINE_START) showNotice('');
  }
  connectionBadge.className = 'connection ' + connection;
  connectionBadge.textContent = STATES.includes(connection) ? t('connection.' + connection) : connection;
  document.body.dataset.connection = connection;
}

function showNotice(text) {
  notice.textContent = text;
  notice.hidden = !text;
}

function showRoomName() {
  $('room-name').textContent = state.roomName;
}

// ---- the stream ----------------------------------------------------------------------------------------------

function onEvent(type, data, lastEventId) {
  const value = JSON.parse(data);
  if (lastEventId) {
    state.lastEventId = lastEventId;
    saveReadSoon();
  }
  switch (type) {
    case 'hello': {
      state.roomName = value.room;
      changed('room-name');
      // The hello lists every room there is: one deleted while this page was away is forgotten.
      const listed = new Set((value.rooms || []).map(room => room.id));
      [...state.rooms.keys()].filter(id => !listed.has(id)).forEach(forgetRoom);
      state.rooms.clear();
      (value.rooms || []).forEach(keepRoom);
      state.host = !!value.host;
      changed('host');
      if (state.me && !value.you) {
        // The server does not know this browser's token (its data was reset): sign in again under the name.
        changed('unknown-here');
      }
      changed('places');
      changed('hello');
      updateTitle();
      if (localStorage.getItem(EPOCH_KEY) !== value.epoch) {
        // The server's history started over: ids we hold mean nothing now.
        const before = localStorage.getItem(EPOCH_KEY);
        localStorage.setItem(EPOCH_KEY, value.epoch);
        forgetRead();
        if (before !== null && state.active) messages.showNewest();
      }
      break;
    }
    case 'room':
      if (value.deleted) forgetRoom(value.id);
      else keepRoom(value);
      if (value.id === state.active) changed('rules');
      changed('places');
      break;
    case 'presence':
      state.online.clear();
      value.names.forEach(name => state.online.set(keyOf(name), name));
      changed('online');
      break;
    case 'join':
      state.online.set(keyOf(value.name), value.name);
      changed('online');
      break;
    case 'leave':
      state.online.delete(keyOf(value.name));
      changed('online');
      break;
    case 'typing':
      if (!isMine(value.name)) {
        changed('typing', { where: value.to ? '@' + keyOf(value.name) : value.room, name: value.name });
      }
      break;
    case 'chat': {
      const where = conversationOf(value);
      const typingThere = state.typing.get(where);
      if (typingThere && typingThere.delete(value.author)) changed('typing-stopped');
      const inThread = value.thread && value.thread.root !== value.id;
      // A reply in a thread is the thread's; sent to the conversation too, it is also shown or counted there, and
      // raised once: by the thread when it is news of a thread the reader follows (or for them), else as the room's.
      const raised = inThread && replyArrived(value, where);
      if (inThread && !value.alsoInRoom) break;
      // A room the reader is not in is quiet: nothing notifies, nothing counts (they may look at it, or join it).
      if (!isMine(value.author) && !value.notice && !raised && (isDirect(where) || isJoined(where))) {
        noticeArrival(value, where);
      }
      if (where === state.active) {
        messages.add(value);
        if (!isMine(value.author) && !value.notice && !document.hidden) announceArrival(value);
        if (document.hidden && state.forMe.size) updateTitle();
      } else if (!isMine(value.author) && !value.notice && (isDirect(where) || isJoined(where))) {
        state.unread.set(where, (state.unread.get(where) || 0) + 1);
        saveReadSoon();
        changed('places');
        updateTitle();
      }
      break;
    }
    case 'pin':
      pinChanged(value);
      messages.change(type, value);
      threadWindow.change(type, value);
      break;
    case 'edit':
    case 'delete':
    case 'reaction':
      // Ids are unique across conversations: the window shows the message as the event says it now stands when it
      // holds it, else ignores it.
      messages.change(type, value);
      threadWindow.change(type, value);
      break;
    case 'thread':
      followingChanged(value);
      break;
    case 'read':
      readsArrived(value);
      break;
    case 'status':
      statusArrived(value);
      break;
    case 'membership':
      membershipArrived(value);
      break;
    case 'topic':
      topicArrived(value);
      break;
    case 'gap':
      // The stream skipped a stretch it could not replay; what is still kept loads as the reader scrolls up.
      if (state.active) messages.showNewest();
      break;
  }
}

function streamUrl(lastEventId) {
  let url = '/chat?view=json';
  if (lastEventId) url += '&lastEventId=' + encodeURIComponent(lastEventId);
  return url;
}

function startStream() {
  const params = new URLSearchParams(location.search);
  state.stream = new SharedStream({
    name: 'hubbub:' + location.host,
    url: streamUrl,
    eventTypes: ['hello', 'presence', 'join', 'leave', 'chat', 'gap', 'room', 'typing', 'edit', 'delete',
      'reaction', 'thread', 'pin', 'read', 'status', 'membership', 'topic'],
    election: params.get('tabs') || 'auto',
    onEvent,
    onState: showConnection,
    onRole: role => { document.body.dataset.role = role; },
  });
  state.stream.start(restoreRead());
}

// ---- wiring ----------------------------------------------------------------------------------------------------

on('notice', showNotice);
on('open-thread', ({ message, reply }) => openThread(message, reply));
on('jump', jumpTo);
on('room-name', () => {
  showRoomName();
  updateTitle();
});
on('room-gone', ({ id, name }) => {
  if (state.active === id) {
    location.hash = '#' + GENERAL;
    showNotice(t('rooms.deleted', { room: name || id }));
  }
});
on('signed-in', () => {
  startOutbox(() => state.me, () => changed('notice', ''),
      (where, reason) => showNotice(t('outbox.notSent', { where: conversationLabel(where), reason })));
  showConnection('connecting');
  // Signed in again on a page that was streaming (after the host reset its sign-in, say): the stream starts over as
  // the person now signed in, with what is theirs.
  if (!state.stream) startStream();
  else state.stream.restart();
  open(fromHash());
});
window.addEventListener('hashchange', () => {
  const wanted = fromHash();
  if (wanted !== state.active) open(wanted);
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    state.titleUnread = 0;
    if (state.active) state.forMe.delete(state.active);
    updateTitle();
  }
});
window.addEventListener('offline', () => showConnection('offline'));
window.addEventListener('pagehide', saveRead);

// A copy of the page for reloads while the server is down (sw.js); browsers allow it in a secure context only.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(registration => {
    // This load came before the worker: tell it which files make the page, so it keeps them now.
    const loaded = performance.getEntriesByType('resource').map(entry => entry.name);
    registration.active.postMessage({ keep: ['/', ...loaded] });
  }).catch(() => {});
}

signInAtStart();
