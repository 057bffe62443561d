/*
 * What Hubbub's page knows, in one place: who the reader is, the rooms and direct conversations, what is unread,
 * who is online and typing, the conversation shown. The other modules read it and change it through the functions
 * here, and hear of changes through `on(topic, …)`: a module draws; it never keeps a copy of what is known.
 *
 * Topics: 'places' (rooms, direct conversations, unread counts: the side list), 'online' (who is online),
 * 'title' (the tab's title and icon), 'rules' (what the composer may do here), 'typing', 'notice' (a sentence for
 * the reader), 'jump' (show a conversation at a message: {where, id, thread}), 'room-gone' ({id, name}),
 * 'threads' (the followed threads and their unread counts), 'open-thread' ({message, reply}), 'hello' (the stream
 * (re)started).
 */

import { forgetDrafts } from './drafts.js';

export const GENERAL = 'general';
export const TOKEN_KEY = 'hubbub.token';
export const EPOCH_KEY = 'hubbub.epoch';
export const ME_KEY = 'hubbub.me';
const READ_KEY = 'hubbub.read';

export const state = {
  me: null,               // the name this browser is signed in as
  roomName: 'Hubbub',
  rooms: new Map(),       // room id -> name, in order
  roomRules: new Map(),   // room id -> {readOnly, slowModeSeconds, archived}
  directs: new Map(),     // '@' + name key -> the other person's name
  unread: new Map(),      // conversation -> messages from others not seen
  forMe: new Map(),       // conversation -> messages for the reader (mentions, direct) not seen yet
  active: null,           // the conversation shown
  online: new Map(),      // name key -> name
  typing: new Map(),      // conversation -> Map(name -> when "is typing" stops being shown)
  titleUnread: 0,         // messages from others while the tab is hidden
  stream: null,
  lastEventId: null,      // the newest event this page has had
  maxFileBytes: 0,        // the largest file the server takes (from /status; 0 until known)
  host: false,            // whether the reader is a host of the room (the stream's hello says)
  threads: new Map(),     // root id -> {root (the message, with its thread), unread}: the threads the reader follows
  joined: new Map(),      // room id -> {starred, hidden}: the rooms the reader is in (rooms.js)
  joinedKnown: false,     // whether the server said which rooms those are yet
  topics: new Map(),      // room id -> its topic, as far as known
};

const listeners = new Map();

/** Calls {@code listener} (with the change's detail) each time {@code topic} changes. */
export function on(topic, listener) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(listener);
}

/** Tells whoever listens that {@code topic} changed. */
export function changed(topic, detail) {
  for (const listener of listeners.get(topic) || []) listener(detail);
}

/** Names compare as the server compares them: compatibility-normalized, lower case, spaces made one. */
export function keyOf(name) {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
}

export function isMine(author) {
  return !!state.me && keyOf(author) === keyOf(state.me);
}

export function isDirect(conversation) {
  return conversation.startsWith('@');
}

/** The conversation a message belongs to: its room, or '@' and the other person's name key. */
export function conversationOf(message) {
  if (!message.to) return message.room;
  const other = isMine(message.author) ? message.to : message.author;
  const key = '@' + keyOf(other);
  if (!state.directs.has(key)) {
    state.directs.set(key, other);
    changed('places');
  }
  return key;
}

export function conversationLabel(key) {
  return isDirect(key) ? '@ ' + (state.directs.get(key) || key.slice(1)) : '# ' + (state.rooms.get(key) || key);
}

/** The URL's hash that shows a conversation: #design, #@Bob. */
export function hashOf(key) {
  return '#' + (isDirect(key) ? '@' + (state.directs.get(key) || key.slice(1)) : key);
}

/** A direct conversation's other person, as the API names them ({"to": …}, ?with=…). */
export function personOf(conversation) {
  return state.directs.get(conversation) || conversation.slice(1);
}

/** A room's rules as the server last told them. */
export function rulesOf(room) {
  return state.roomRules.get(room) || { readOnly: false, slowModeSeconds: 0, archived: false };
}

/** Keeps what the server says of a room (a hello's list, or a room event). */
export function keepRoom(room) {
  state.rooms.set(room.id, room.name);
  state.roomRules.set(room.id, { readOnly: !!room.readOnly, slowModeSeconds: room.slowModeSeconds || 0,
    archived: !!room.archived });
}

/** A room the host deleted: gone from what is known ('room-gone' says which). */
export function forgetRoom(id) {
  const name = state.rooms.get(id);
  state.rooms.delete(id);
  state.roomRules.delete(id);
  state.unread.delete(id);
  state.forMe.delete(id);
  changed('room-gone', { id, name });
}

/*
 * What this browser has been shown is kept across reloads: the unread counts, the direct conversations, and the
 * id of the last event had, from which the stream resumes, so a reload neither counts old messages as new nor
 * forgets what was not read. It belongs to one history: a new epoch starts it over.
 */
let readSaveQueued = false;

export function saveReadSoon() {
  if (readSaveQueued) return;
  readSaveQueued = true;
  setTimeout(saveRead, 1000);
}

export function saveRead() {
  readSaveQueued = false;
  if (!state.lastEventId || !state.me) return;
  localStorage.setItem(READ_KEY, JSON.stringify({
    epoch: localStorage.getItem(EPOCH_KEY),
    lastEventId: state.lastEventId,
    unread: Object.fromEntries(state.unread),
    directs: Object.fromEntries(state.directs),
  }));
}

/** The saved read state, restored into state; the id to resume from, or null. */
export function restoreRead() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(READ_KEY));
  } catch (e) {
    saved = null;
  }
  if (!saved || saved.epoch !== localStorage.getItem(EPOCH_KEY) || typeof saved.lastEventId !== 'string') {
    return null;
  }
  Object.entries(saved.unread || {}).forEach(([key, count]) => {
    if (Number.isInteger(count) && count > 0) state.unread.set(key, count);
  });
  Object.entries(saved.directs || {}).forEach(([key, name]) => {
    if (typeof name === 'string' && !state.directs.has(key)) state.directs.set(key, name);
  });
  state.lastEventId = saved.lastEventId;
  return saved.lastEventId;
}

export function forgetRead() {
  localStorage.removeItem(READ_KEY);
  state.unread.clear();
  state.lastEventId = null;
}

/** Signing out forgets what this browser kept of the room. */
export function forgetEverything() {
  state.me = null;
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(ME_KEY);
  localStorage.removeItem(READ_KEY);
  forgetDrafts();
}
