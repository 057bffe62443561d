/*
 * The page's outbox: every message typed is written to IndexedDB before it is posted, and taken out when the server
 * has answered. So a message typed while the server cannot be reached stays "sending…", survives a reload, and goes
 * out when the server is back, in the order it was typed, with the client id it was given when typed: a post whose
 * answer was lost and is sent again is stored once (the server keeps the first message with a client id).
 *
 * One message is in flight at a time, so what is typed goes out in order. A message the server refuses (a 4xx
 * other than 429: too long, muted, a read-only room) leaves the outbox and shows the server's sentence with Retry;
 * one it could not take (no answer, 429, 502–504) waits and is tried again: when the stream reconnects, and on a
 * timer that backs off from 2 s to 30 s.
 *
 * IndexedDB works on plain http (unlike Web Locks or notifications). Where it cannot be opened (some private
 * modes), the outbox lives in memory and does not survive a reload; nothing else changes. Several tabs of one
 * browser share the database: each sends what it finds, and the client id keeps a message that two tabs both sent
 * stored once.
 */
import { t } from './i18n.js';

const DB_NAME = 'hubbub-outbox';
const STORE = 'waiting';
/** How many messages may wait at most; the next one typed fails with a sentence, so nothing grows unbounded. */
export const MAX_WAITING = 200;
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30000;

/** A waiting message: {seq, clientId, me, where, thread, alsoInRoom, words, files, body}. */
let database = null;
const inMemory = [];          // used when IndexedDB is not there
let nextMemorySeq = 1;

const windows = new Map();    // client id -> the message window that shows it (conversation.js)
let sending = false;
let again = false;            // something changed while sending: look once more before stopping
let retryTimer = 0;
let retryMs = RETRY_FIRST_MS;
let whoAmI = () => null;
let onSent = () => {};
let onRefused = () => {};

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

function openDatabase() {
  if (database) return database;
  database = new Promise(resolve => {
    let opening;
    try {
      opening = indexedDB.open(DB_NAME, 1);
    } catch (e) {
      resolve(null);
      return;
    }
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => resolve(null);
    opening.onblocked = () => resolve(null);
  });
  return database;
}

async function store(mode) {
  const db = await openDatabase();
  return db ? db.transaction(STORE, mode).objectStore(STORE) : null;
}

/** Every waiting message, oldest first. */
async function all() {
  const waiting = await store('readonly');
  if (!waiting) return inMemory.slice();
  try {
    return await request(waiting.getAll());
  } catch (e) {
    return [];
  }
}

/** How many messages wait (without reading them). */
async function count() {
  const waiting = await store('readonly');
  if (!waiting) return inMemory.length;
  try {
    return await request(waiting.count());
  } catch (e) {
    return 0;
  }
}

async function add(entry) {
  const waiting = await store('readwrite');
  if (!waiting) {
    inMemory.push({ ...entry, seq: nextMemorySeq++ });
    return;
  }
  await request(waiting.add(entry));
}

async function remove(entry) {
  const waiting = await store('readwrite');
  if (!waiting) {
    const at = inMemory.findIndex(kept => kept.seq === entry.seq);
    if (at >= 0) inMemory.splice(at, 1);
    return;
  }
  await request(waiting.delete(entry.seq)).catch(() => {});
}

/**
 * Starts the outbox for the person signed in.
 * @param me who is signed in now (only their messages go out)
 * @param sent called after each message the server took, with nothing
 * @param refused called with (where, reason) when the server refused a message that is not on the screen
 */
export function startOutbox(me, sent, refused) {
  whoAmI = me;
  onSent = sent;
  onRefused = refused;
  kick();
}

/**
 * Sends a message: shown in {@code window} as "sending…" at once, kept until the server answers.
 * @param draft {words, where, files, replyTo, thread, alsoInRoom, body}: body is what is posted to /chat
 * @param existing the item of an earlier try, when this is a Retry
 */
export async function send(window, draft, clientId, existing = null) {
  const { words, where, files, thread, alsoInRoom, body } = draft;
  if (existing) window.markPending(clientId, existing);
  else window.addPending(clientId, window.options.me(), words, files);
  windows.set(clientId, window);
  if (await count() >= MAX_WAITING) {
    window.failed(clientId, t('outbox.full', { count: MAX_WAITING }),
        li => send(window, draft, clientId, li));
    return;
  }
  try {
    await add({ clientId, me: whoAmI(), where, thread: thread || null, alsoInRoom: !!alsoInRoom, words, files,
      body });
  } catch (e) {
    window.failed(clientId, t('outbox.notKept'), li => send(window, draft, clientId, li));
    return;
  }
  kick();
}

/**
 * Shows the messages still waiting for {@code where} (and, for a thread's window, that thread) in {@code window},
 * after a reload or when the conversation is shown again.
 */
export async function showWaiting(window, where, thread = null) {
  if (!where && !thread) return;
  const me = whoAmI();
  for (const entry of await all()) {
    if (entry.me !== me || (where && entry.where !== where)) continue;
    if (thread ? entry.thread !== thread : (entry.thread && !entry.alsoInRoom)) continue;
    const li = window.pending.get(entry.clientId);
    if (li && li.isConnected) continue;
    if (li) window.pending.delete(entry.clientId);
    window.addPending(entry.clientId, me, entry.words, entry.files || []);
    windows.set(entry.clientId, window);
  }
}

/** Forgets what waits (signing out). */
export async function forgetOutbox() {
  inMemory.length = 0;
  const waiting = await store('readwrite');
  if (waiting) await request(waiting.clear()).catch(() => {});
}

/** Tries what waits now (the stream is back). */
export function kick() {
  clearTimeout(retryTimer);
  retryTimer = 0;
  if (sending) {
    again = true;
    return;
  }
  sending = true;
  drain().finally(() => {
    sending = false;
  });
}

async function drain() {
  do {
    again = false;
    const me = whoAmI();
    if (!me) return;
    for (const entry of await all()) {
      if (entry.me !== me) continue;
      const outcome = await deliver(entry);
      if (outcome === 'later') {
        retryTimer = setTimeout(kick, retryMs);
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
        return;
      }
      retryMs = RETRY_FIRST_MS;
    }
  } while (again);
}

/** Posts one waiting message: 'done' when the server answered (took it or refused it), 'later' when it could not. */
async function deliver(entry) {
  const window = windows.get(entry.clientId);
  let response;
  try {
    response = await fetch('/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(entry.body),
    });
  } catch (e) {
    return 'later';
  }
  if (response.status === 429 || response.status === 502 || response.status === 503 || response.status === 504) {
    return 'later';
  }
  await remove(entry);
  if (response.ok) {
    let accepted = null;
    try {
      accepted = await response.json();
    } catch (e) {
      // Taken; the stream brings it.
    }
    if (window && accepted) window.acknowledged(entry.clientId, accepted);
    windows.delete(entry.clientId);
    onSent();
    return 'done';
  }
  const reason = (await response.text().catch(() => '')).trim() || t('serverAnswered', { status: response.status });
  const li = window && window.pending.get(entry.clientId);
  if (li && li.isConnected) {
    window.failed(entry.clientId, reason, again => send(window, entry, entry.clientId, again));
  } else {
    onRefused(entry.where, reason);
  }
  windows.delete(entry.clientId);
  return 'done';
}
