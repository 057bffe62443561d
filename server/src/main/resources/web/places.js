/*
 * The side panels and the tab's title: the rooms (archived ones in a list of their own) and direct conversations
 * with their unread counts, who is online (with the host's menu by each person), the conversation's name in the
 * header, the title and icon that count what is unread. Each is drawn from the state, at most once a frame.
 */
import { notifier } from './notifications.js';
import { $, UNREACHABLE, batched, postJson } from './dom.js';
import { describeStatus, statusMark } from './status.js';
import { changed, conversationLabel, hashOf, isDirect, isMine, on, rulesOf, state } from './state.js';

/** The conversations of the side list, in its order (archived rooms aside): what Alt+↑ and Alt+↓ move through. */
export function placesInOrder() {
  return [...[...state.rooms.keys()].filter(id => !rulesOf(id).archived), ...state.directs.keys()];
}

const rooms = $('rooms');
const archived = $('archived');
const archivedRooms = $('archived-rooms');
const archivedCount = $('archived-count');
const directs = $('directs');
const newRoom = $('new-room');
const online = $('online');
const onlineCount = $('online-count');
const conversationName = $('conversation-name');
const roomDialog = $('room-dialog');
const roomInput = $('room-input');
const roomError = $('room-error');
const nav = $('nav');
const people = $('people');
const backdrop = $('backdrop');

function navItem(key, label) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = hashOf(key);
  link.dataset.conversation = key;
  link.textContent = label;
  if (key === state.active) link.classList.add('active');
  const muted = notifier.isMuted(key);
  if (muted) {
    link.classList.add('muted');
    link.title = 'Muted';
  }
  const unread = state.unread.get(key) || 0;
  if (unread > 0) {
    const badge = document.createElement('span');
    badge.className = muted ? 'badge muted' : 'badge';
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.title = unread + ' unread';
    link.append(badge);
  }
  li.append(link);
  return li;
}

export function renderNav() {
  const all = [...state.rooms];
  const old = all.filter(([id]) => rulesOf(id).archived);
  rooms.replaceChildren(...all.filter(([id]) => !rulesOf(id).archived).map(([id, name]) => navItem(id, '# ' + name)));
  archived.replaceChildren(...old.map(([id, name]) => navItem(id, '# ' + name)));
  archivedCount.textContent = String(old.length);
  archivedRooms.hidden = old.length === 0;
  if (old.some(([id]) => id === state.active)) archivedRooms.open = true;
  directs.replaceChildren(...[...state.directs].map(([key, name]) => navItem(key, '@ ' + name)));
  newRoom.hidden = !state.me;
  if (state.active) showLabel(state.active);
}

export function renderOnline() {
  const names = [...state.online.values()].sort((a, b) => a.localeCompare(b));
  online.replaceChildren(...names.map(name => {
    const li = document.createElement('li');
    li.append(statusMark(name));
    if (isMine(name)) {
      li.append(name);
      li.className = 'me-item';
    } else {
      const person = document.createElement('a');
      person.href = '#@' + name;
      person.textContent = name;
      person.title = 'Write to ' + name + ' alone';
      li.append(person);
      if (state.host) {
        const menu = document.createElement('button');
        menu.type = 'button';
        menu.className = 'person-menu';
        menu.textContent = '⋯';
        menu.title = 'Host: mute, remove, free the name of ' + name;
        menu.setAttribute('aria-label', menu.title);
        menu.onclick = () => changed('person-menu', name);
        li.append(menu);
      }
    }
    return li;
  }));
  onlineCount.textContent = String(names.length);
}

/** The tab's title and icon count what the reader has not seen, muted conversations aside. */
export function updateTitle() {
  let others = state.titleUnread;
  for (const [key, count] of state.unread) if (!notifier.isMuted(key)) others += count;
  document.title = (others > 0 ? '(' + others + ') ' : '') + state.roomName + ' · Hubbub';
  const urgent = [...state.forMe.values()].some(count => count > 0);
  notifier.badge(others, urgent);
}

/** Names the conversation shown (again when its room's name arrives); a direct one says its person's status. */
export function showLabel(conversationKey) {
  const label = conversationLabel(conversationKey);
  if (conversationName.textContent !== label) {
    conversationName.textContent = label;
    changed('rules');
  }
  showConversationStatus();
}

const conversationStatus = $('conversation-status');
function showConversationStatus() {
  const other = state.active && isDirect(state.active) ? state.directs.get(state.active) : null;
  const words = other ? describeStatus(other) || 'Active' : '';
  conversationStatus.hidden = !other;
  if (other) conversationStatus.replaceChildren(statusMark(other, { wordsBeside: true }), ' ', words);
}
on('statuses', showConversationStatus);

/**
 * On a phone the side panels slide over the conversation, one at a time, above a dimmed backdrop that closes them
 * when touched (as Escape does). {@code which}: the panel to open, or null to close both.
 */
function showPanel(which) {
  for (const [panel, toggle] of [[nav, $('nav-toggle')], [people, $('people-toggle')]]) {
    const open = panel === which;
    panel.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  }
  backdrop.hidden = !which;
}

/** The side list closes on a phone once a conversation is chosen. */
export function closeNav() {
  if (nav.classList.contains('open')) showPanel(null);
}

on('places', batched(renderNav));
on('online', batched(renderOnline));
on('title', updateTitle);
on('signed-in', () => {
  renderOnline();
  renderNav();
});

newRoom.addEventListener('click', () => {
  roomInput.value = '';
  roomError.textContent = '';
  roomDialog.showModal();
  roomInput.focus();
});
$('room-cancel').addEventListener('click', () => roomDialog.close());
$('room-form').addEventListener('submit', async event => {
  event.preventDefault();
  const name = roomInput.value.trim();
  if (!name) return;
  try {
    const answer = await postJson('/rooms', { name });
    if (answer.ok) {
      state.rooms.set(answer.json.id, answer.json.name);
      roomDialog.close();
      location.hash = '#' + answer.json.id;
    } else {
      roomError.textContent = answer.text.trim();
    }
  } catch (e) {
    roomError.textContent = UNREACHABLE;
  }
});
$('people-toggle').addEventListener('click', () => showPanel(people.classList.contains('open') ? null : people));
$('nav-toggle').addEventListener('click', () => showPanel(nav.classList.contains('open') ? null : nav));
backdrop.addEventListener('click', () => showPanel(null));
document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && !backdrop.hidden) showPanel(null);
});
