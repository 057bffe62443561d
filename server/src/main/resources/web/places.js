/*
 * The side panels and the tab's title: the rooms (archived ones in a list of their own) and direct conversations
 * with their unread counts, who is online (with the host's menu by each person), the conversation's name in the
 * header, the title and icon that count what is unread. Each is drawn from the state, at most once a frame.
 */
import { t, tn } from './i18n.js';
import { notifier } from './notifications.js';
import { $, UNREACHABLE, batched, folded, postJson, stored } from './dom.js';
import { describeStatus, statusMark } from './status.js';
import { isJoined } from './rooms.js';
import { changed, conversationLabel, hashOf, isDirect, isMine, on, rulesOf, state } from './state.js';

/**
 * The side list's sections: starred rooms, then the other rooms the reader is in, then direct conversations; hidden
 * and archived rooms below, folded away. A room the reader looks at without being in it shows among the rooms.
 */
function sections() {
  const starred = [];
  const joined = [];
  const hidden = [];
  const old = [];
  for (const [id, name] of state.rooms) {
    const marks = state.joined.get(id) || {};
    if (rulesOf(id).archived) {
      if (isJoined(id) || id === state.active) old.push([id, name]);
    } else if (!isJoined(id)) {
      if (id === state.active) joined.push([id, name]);
    } else if (marks.hidden) {
      hidden.push([id, name]);
    } else if (marks.starred) {
      starred.push([id, name]);
    } else {
      joined.push([id, name]);
    }
  }
  return { starred, joined, hidden, old, directs: [...state.directs] };
}

/** The side list's conversations in its order (hidden and archived aside): what Alt+↑ and Alt+↓ move through. */
export function placesInOrder() {
  const { starred, joined, directs } = sections();
  return [...starred, ...joined, ...directs].map(([key]) => key);
}


const rooms = $('rooms');
const archived = $('archived');
const archivedRooms = $('archived-rooms');
const archivedCount = $('archived-count');
const directs = $('directs');
const starredList = $('starred');
const starredSection = $('starred-section');
const hiddenList = $('hidden');
const hiddenRooms = $('hidden-rooms');
const hiddenCount = $('hidden-count');
const navFilter = $('nav-filter');
const onlineFilter = $('online-filter');
const FOLDED_KEY = 'hubbub.folded';
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
  const text = document.createElement('span');
  text.className = 'place-name';
  text.textContent = label;
  link.title = label;
  link.append(text);
  if (key === state.active) {
    link.classList.add('active');
    link.setAttribute('aria-current', 'page');
  }
  const muted = notifier.isMuted(key);
  if (muted) {
    link.classList.add('muted');
    link.title = t('level.none');
  }
  const unread = state.unread.get(key) || 0;
  if (unread > 0) {
    const badge = document.createElement('span');
    badge.className = muted ? 'badge muted' : 'badge';
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.title = tn('unread', unread);
    link.append(badge);
  }
  li.append(link);
  return li;
}

export function renderNav() {
  const { starred, joined, hidden, old, directs: people } = sections();
  const wanted = folded(navFilter.value.trim());
  const shown = ([, name]) => !wanted || folded(name).includes(wanted);
  const room = ([id, name]) => navItem(id, '# ' + name);
  starredList.replaceChildren(...starred.filter(shown).map(room));
  starredSection.hidden = starred.length === 0;
  rooms.replaceChildren(...joined.filter(shown).map(room));
  hiddenList.replaceChildren(...hidden.filter(shown).map(room));
  hiddenCount.textContent = String(hidden.length);
  hiddenRooms.hidden = hidden.length === 0;
  if (hidden.some(([id]) => id === state.active) || (wanted && hidden.some(shown))) hiddenRooms.open = true;
  archived.replaceChildren(...old.filter(shown).map(room));
  archivedCount.textContent = String(old.length);
  archivedRooms.hidden = old.length === 0;
  if (old.some(([id]) => id === state.active)) archivedRooms.open = true;
  directs.replaceChildren(...people.filter(shown).map(([key, name]) => navItem(key, '@ ' + name)));
  newRoom.hidden = !state.me;
  if (state.active) showLabel(state.active);
}

export function renderOnline() {
  const wanted = folded(onlineFilter.value.trim());
  const everyone = [...state.online.values()].sort((a, b) => a.localeCompare(b));
  const names = wanted ? everyone.filter(name => folded(name).includes(wanted)) : everyone;
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
      person.title = t('people.writeTo', { name });
      li.append(person);
      if (state.host) {
        const menu = document.createElement('button');
        menu.type = 'button';
        menu.className = 'person-menu';
        menu.textContent = '⋯';
        menu.title = t('host.personMenu', { name });
        menu.setAttribute('aria-label', menu.title);
        menu.onclick = () => changed('person-menu', name);
        li.append(menu);
      }
    }
    return li;
  }));
  onlineCount.textContent = tn('people.onlineCount', everyone.length);
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
  const words = other ? describeStatus(other) || t('status.active') : '';
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
navFilter.addEventListener('input', batched(renderNav));
onlineFilter.addEventListener('input', batched(renderOnline));

// Each section of the side list folds away with its heading's button, and stays so across reloads.
const foldedSections = new Set(stored(FOLDED_KEY, []));
for (const toggle of document.querySelectorAll('.section-toggle')) {
  const list = $(toggle.getAttribute('aria-controls'));
  const show = open => {
    toggle.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
  };
  show(!foldedSections.has(list.id));
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    show(open);
    if (open) foldedSections.delete(list.id);
    else foldedSections.add(list.id);
    localStorage.setItem(FOLDED_KEY, JSON.stringify([...foldedSections]));
  });
}
document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && !backdrop.hidden) showPanel(null);
});
