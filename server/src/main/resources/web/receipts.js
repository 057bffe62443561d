/*
 * Read receipts. The page tells the server how far the reader has read the conversation shown (POST /read, once a
 * second at most, and again now and then while it stays shown), and shows where the others read it: "Seen" under
 * the reader's last message the other person has read in a direct conversation, "Seen by N" on the reader's own
 * messages in a room (the names on hover, up to 50). Positions come from GET /read when a conversation is shown,
 * then from the stream's `read` events. Ids are opaque: a position is placed by where its message is in the list,
 * never by comparing ids. A reader who does not share where they read (the box in the right-hand panel) sees
 * nobody's.
 */
import { t, tn } from './i18n.js';
import { messages } from './messages.js';
import { $ } from './dom.js';
import { isJoined } from './rooms.js';
import { isDirect, isMine, keyOf, on, personOf, state } from './state.js';

const TICK_MS = 1000;
const AGAIN_MS = 2 * 60 * 1000;
const NAMES_SHOWN = 50;

const receipts = {
  positions: new Map(),   // conversation -> Map(name -> id of the newest message they read there)
  sharing: true,
  sent: { where: null, id: null, at: 0 },
  drawn: null,            // what was last drawn, to draw only on a change
};

function query(where) {
  return new URLSearchParams(isDirect(where) ? { with: personOf(where) } : { room: where });
}

/** Where others have read the conversation shown, from the server. */
async function loadPositions(where) {
  try {
    const response = await fetch('/read?' + query(where));
    if (!response.ok) return;
    const answer = await response.json();
    receipts.sharing = answer.sharing;
    $('share-reads').checked = answer.sharing;
    receipts.positions.set(where, new Map(Object.entries(answer.readers)));
    receipts.loaded = where;
    receipts.drawn = null;
  } catch (e) {
    // Offline: the stream's events fill it in once it is back.
  }
}

/** A stream's `read` event: positions that moved in a conversation. */
export function readsArrived(event) {
  let where = event.room;
  if (where.startsWith('dm:')) {
    const other = Object.keys(event.readers).find(name => !isMine(name));
    if (!other) return;
    where = '@' + keyOf(other);
  }
  if (!receipts.positions.has(where)) receipts.positions.set(where, new Map());
  const known = receipts.positions.get(where);
  for (const [name, id] of Object.entries(event.readers)) known.set(name, id);
  if (where === state.active) receipts.drawn = null;
}

/** Tells the server where the reader has read, when they see the newest message of the conversation shown. */
function tellWhereRead() {
  const where = state.active;
  if (!where || !state.me || document.hidden || !messages.following || !messages.live) return;
  // The server keeps where one read only in rooms one is in: a room looked at before joining is not told.
  if (!isDirect(where) && !isJoined(where)) return;
  const newest = [...messages.shown].reverse().find(entry => entry.message && !entry.message.notice);
  if (!newest) return;
  const sent = receipts.sent;
  const now = Date.now();
  if (sent.where === where && sent.id === newest.id && now - sent.at < AGAIN_MS) return;
  const first = sent.where !== where;
  receipts.sent = { where, id: newest.id, at: now };
  const body = isDirect(where) ? { with: personOf(where) } : { room: where };
  body.upTo = newest.id;
  fetch('/read', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(() => {
        // Reading here from now on, the reader hears where others move; where they were until now, it asks.
        if (first && state.active === where) loadPositions(where);
      })
      .catch(() => {});
}

/** Draws the marks of the conversation shown, when what they depend on changed. */
function draw() {
  const shown = messages.shown;
  const where = state.active;
  const known = receipts.positions.get(where) || new Map();
  const signature = where + '|' + shown.length + '|' + (shown.length ? shown[shown.length - 1].id : '') + '|'
      + [...known].join(',') + '|' + receipts.sharing;
  if (signature === receipts.drawn) return;
  receipts.drawn = signature;
  const index = new Map(shown.map((entry, i) => [entry.id, i]));
  // Each other reader at the place of the newest message they read that the window holds.
  const readers = [];
  for (const [name, id] of known) {
    if (!isMine(name) && index.has(id)) readers.push({ name, at: index.get(id) });
  }
  readers.sort((a, b) => a.at - b.at);
  let seenMarked = false;
  for (let i = shown.length - 1; i >= 0; i--) {
    const entry = shown[i];
    const message = entry.message;
    let mark = entry.li.querySelector('.seen');
    const own = message && !message.notice && isMine(message.author) && !message.deleted;
    let text = '';
    let title = '';
    if (own && receipts.sharing) {
      // Readers whose place is at or after this message have seen it.
      let lo = 0;
      let hi = readers.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (readers[mid].at < i) lo = mid + 1; else hi = mid;
      }
      const seenBy = readers.slice(lo);
      if (isDirect(where)) {
        if (!seenMarked && seenBy.length) {
          text = t('receipts.seen');
          seenMarked = true;
        }
      } else if (seenBy.length) {
        text = tn('receipts.seenBy', seenBy.length);
        title = seenBy.length <= NAMES_SHOWN ? seenBy.map(r => r.name).join(', ') : '';
      }
    }
    if (!text) {
      if (mark) mark.remove();
      continue;
    }
    if (!mark) {
      mark = document.createElement('div');
      mark.className = 'seen';
      mark.tabIndex = 0;
      entry.li.append(mark);
    }
    mark.textContent = text;
    mark.title = title;
    mark.setAttribute('aria-label', text + (title ? ': ' + title : ''));
  }
  // Says (for tests and tools) that the marks of this conversation are drawn from what the server said of it.
  if (receipts.loaded === where) document.body.dataset.receipts = where;
}

function tick() {
  tellWhereRead();
  if (state.active) draw();
}

on('shown', () => {
  receipts.drawn = null;
  if (state.me && state.active) loadPositions(state.active);
});
on('signed-in', () => setInterval(tick, TICK_MS));
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) tellWhereRead();
});
$('share-reads').addEventListener('change', async event => {
  const share = event.target.checked;
  try {
    const response = await fetch('/read/sharing', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ share }) });
    if (response.ok) {
      receipts.sharing = share;
      receipts.sent = { where: null, id: null, at: 0 };
      if (state.active) loadPositions(state.active);
    } else {
      event.target.checked = !share;
    }
  } catch (e) {
    event.target.checked = !share;
  }
});
