/*
 * Rooms for a crowd: which rooms the reader is in (GET /profile/rooms, then the stream's membership events), with
 * their marks (starred, hidden); the room browser (GET /rooms?q=…: every room with its topic and how many are in it,
 * join, leave, open); the rooms' topics (GET /rooms when the stream starts, then topic events); the shown room's
 * menu (topic, star, hide, leave); Join for a room the reader looks at without being in it; and the people directory
 * (GET /people: everyone who holds a name, online or not, with their status, a page at a time).
 */
import { t, tn } from './i18n.js';
import { $, UNREACHABLE, batched } from './dom.js';
import { keepStatus, statusMark } from './status.js';
import { GENERAL, changed, hashOf, isDirect, isMine, on, state } from './state.js';

const browse = $('browse-dialog');
const browseSearch = $('browse-search');
const browseList = $('browse-list');
const browseError = $('browse-error');
const people = $('people-dialog');
const peopleSearch = $('people-search');
const peopleList = $('people-list');
const peopleMore = $('people-more');
const peopleError = $('people-error');
const menu = $('room-menu-dialog');
const topicInput = $('room-topic-input');
const menuError = $('room-menu-error');
const topicShown = $('room-topic');
const join = $('room-join');
const menuButton = $('room-menu');

/** Whether the reader is in a room (before their rooms are known: every room, as the list showed before). */
export function isJoined(room) {
  return room === GENERAL || !state.joinedKnown || state.joined.has(room);
}

function marksOf(room) {
  return state.joined.get(room) || { starred: false, hidden: false };
}

function keep(membership) {
  if (membership.joined) {
    state.joined.set(membership.room, { starred: membership.starred, hidden: membership.hidden });
  } else {
    state.joined.delete(membership.room);
  }
}

/** Membership events heard while the list is being fetched: the list may predate them, so they are applied after it. */
let heardWhileLoading = null;

async function loadMine() {
  if (!state.me) return;
  heardWhileLoading = [];
  try {
    const response = await fetch('/profile/rooms');
    if (!response.ok) return;
    const answer = await response.json();
    state.joined.clear();
    answer.rooms.forEach(keep);
    heardWhileLoading.forEach(keep);
    state.joinedKnown = true;
    changed('places');
    showRoomBar();
  } catch (e) {
    // Offline: what was known stays; the next hello asks again.
  } finally {
    heardWhileLoading = null;
  }
}

/** The stream says the reader joined, left or marked a room (here or on another device). */
export function membershipArrived(membership) {
  if (heardWhileLoading) heardWhileLoading.push(membership);
  keep(membership);
  changed('places');
  showRoomBar();
}

/** A room's topic changed. */
export function topicArrived({ room, topic }) {
  if (topic) state.topics.set(room, topic);
  else state.topics.delete(room);
  showRoomBar();
}

/** Every room's topic (GET /rooms), once per stream start; topic events keep them after. */
async function loadTopics() {
  try {
    const response = await fetch('/rooms');
    if (!response.ok) return;
    const { rooms } = await response.json();
    state.topics.clear();
    for (const room of rooms) if (room.topic) state.topics.set(room.id, room.topic);
    showRoomBar();
  } catch (e) {
    // Offline: the topics known stay; the next hello asks again.
  }
}

/** The header's room part: its topic, Join when the reader is not in it, the room's menu when they are. */
function showRoomBar() {
  const room = state.active && !isDirect(state.active) ? state.active : null;
  const topic = room ? state.topics.get(room) || '' : '';
  topicShown.textContent = topic;
  topicShown.title = topic;
  topicShown.hidden = !topic;
  const member = room && isJoined(room);
  join.hidden = !room || member || !state.me;
  if (room) join.textContent = t('rooms.joinRoom', { room: state.rooms.get(room) || room });
  menuButton.hidden = !room || !member || !state.me;
}

/** Joins a room, or sets its marks; resolves to whether the server took it (else the notice says why). */
async function setMembership(room, method, marks) {
  try {
    const response = await fetch('/rooms/' + encodeURIComponent(room) + '/membership', {
      method,
      headers: marks ? { 'Content-Type': 'application/json' } : {},
      body: marks ? JSON.stringify(marks) : undefined,
    });
    if (!response.ok) {
      changed('notice', (await response.text()).trim());
      return false;
    }
    membershipArrived(await response.json());
    return true;
  } catch (e) {
    changed('notice', UNREACHABLE);
    return false;
  }
}

// ---- the room browser ---------------------------------------------------------------------------------------

async function drawBrowser() {
  const asked = browseSearch.value.trim();
  try {
    const response = await fetch('/rooms' + (asked ? '?q=' + encodeURIComponent(asked) : ''));
    if (asked !== browseSearch.value.trim()) return;   // a newer search is on its way
    if (!response.ok) {
      browseError.textContent = (await response.text()).trim();
      return;
    }
    browseError.textContent = '';
    const { rooms } = await response.json();
    browseList.replaceChildren(...rooms.map(room => {
      const li = document.createElement('li');
      const head = document.createElement('div');
      head.className = 'browse-head';
      const open = document.createElement('a');
      open.href = hashOf(room.id);
      open.textContent = '# ' + room.name;
      open.onclick = () => browse.close();
      const count = document.createElement('span');
      count.className = 'hint';
      count.textContent = tn('rooms.members', room.members);
      head.append(open, ' ', count);
      if (room.archived) head.append(' ', Object.assign(document.createElement('span'),
          { className: 'hint', textContent: t('rooms.archived') }));
      const act = document.createElement('button');
      act.type = 'button';
      act.className = 'link';
      const joined = room.joined || room.id === GENERAL;
      act.textContent = joined ? t('rooms.leave') : t('rooms.join');
      act.hidden = room.id === GENERAL || room.archived && !joined;
      act.setAttribute('aria-label', joined ? t('rooms.leaveRoom', { room: room.name })
          : t('rooms.joinRoom', { room: room.name }));
      act.onclick = async () => {
        if (await setMembership(room.id, joined ? 'DELETE' : 'PUT', null)) drawBrowser();
      };
      head.append(' ', act);
      li.append(head);
      if (room.topic) {
        const topic = document.createElement('p');
        topic.className = 'browse-topic';
        topic.textContent = room.topic;
        li.append(topic);
      }
      return li;
    }));
    if (!rooms.length) {
      browseList.replaceChildren(Object.assign(document.createElement('li'),
          { className: 'hint', textContent: t('rooms.noMatch') }));
    }
  } catch (e) {
    browseError.textContent = UNREACHABLE;
  }
}

$('browse-rooms').addEventListener('click', () => {
  browseSearch.value = '';
  browseList.replaceChildren();
  browse.showModal();
  browseSearch.focus();
  drawBrowser();
});
browseSearch.addEventListener('input', batched(drawBrowser));
$('browse-close').addEventListener('click', () => browse.close());

// ---- the shown room's menu ------------------------------------------------------------------------------------

menuButton.addEventListener('click', () => {
  const room = state.active;
  const marks = marksOf(room);
  topicInput.value = state.topics.get(room) || '';
  $('room-starred').checked = marks.starred;
  $('room-hidden').checked = marks.hidden;
  $('room-leave').hidden = room === GENERAL;
  $('room-menu-title').textContent = '# ' + (state.rooms.get(room) || room);
  menuError.textContent = '';
  menu.showModal();
});
for (const [box, mark] of [[$('room-starred'), 'starred'], [$('room-hidden'), 'hidden']]) {
  box.addEventListener('change', () => setMembership(state.active, 'PUT', { [mark]: box.checked }));
}
$('room-menu-form').addEventListener('submit', async event => {
  const action = event.submitter && event.submitter.value;
  const room = state.active;
  if (action === 'topic') {
    event.preventDefault();
    try {
      const response = await fetch('/rooms/' + encodeURIComponent(room) + '/topic', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic: topicInput.value }),
      });
      if (!response.ok) {
        menuError.textContent = (await response.text()).trim();
        return;
      }
      topicArrived(await response.json());
      menu.close();
    } catch (e) {
      menuError.textContent = UNREACHABLE;
    }
  } else if (action === 'leave') {
    if (await setMembership(room, 'DELETE', null)) location.hash = '#' + GENERAL;
  }
});
join.addEventListener('click', () => setMembership(state.active, 'PUT', null));

// ---- the people directory -----------------------------------------------------------------------------------

let lastShown = null;

async function drawPeople(more = false) {
  const asked = peopleSearch.value.trim();
  const params = new URLSearchParams({ limit: '100' });
  if (asked) params.set('q', asked);
  if (more && lastShown) params.set('after', lastShown);
  try {
    const response = await fetch('/people?' + params);
    if (asked !== peopleSearch.value.trim()) return;
    if (!response.ok) {
      peopleError.textContent = (await response.text()).trim();
      return;
    }
    peopleError.textContent = '';
    const page = await response.json();
    const items = page.people.map(person => {
      const li = document.createElement('li');
      keepStatus(person.name, person.status || null);
      li.append(statusMark(person.name));
      if (isMine(person.name)) {
        li.append(t('people.you', { name: person.name }));
      } else {
        const link = document.createElement('a');
        link.href = '#@' + person.name;
        link.textContent = person.name;
        link.title = t('people.writeTo', { name: person.name });
        link.onclick = () => people.close();
        li.append(link);
      }
      return li;
    });
    if (more) peopleList.append(...items);
    else peopleList.replaceChildren(...items);
    lastShown = page.people.length ? page.people[page.people.length - 1].name : lastShown;
    peopleMore.hidden = !page.more;
    if (!more && !items.length) {
      peopleList.replaceChildren(Object.assign(document.createElement('li'),
          { className: 'hint', textContent: t('people.noMatch') }));
    }
  } catch (e) {
    peopleError.textContent = UNREACHABLE;
  }
}

$('everyone-button').addEventListener('click', () => {
  peopleSearch.value = '';
  lastShown = null;
  peopleList.replaceChildren();
  people.showModal();
  peopleSearch.focus();
  drawPeople();
});
peopleSearch.addEventListener('input', batched(() => {
  lastShown = null;
  drawPeople();
}));
peopleMore.addEventListener('click', () => drawPeople(true));
$('people-close').addEventListener('click', () => people.close());

on('hello', () => {
  loadMine();
  loadTopics();
});
on('shown', showRoomBar);
on('places', showRoomBar);
