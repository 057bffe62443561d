/*
 * The host's console (hosts only): everyone who holds a name, online or not (GET /host/people), with the host's
 * menu for each; the rooms (rename, topic, how long each keeps its messages, archive or bring back, delete); the files (storage, the largest, remove one); the
 * door (invite-only, its link); the server (version, uptime, streams, messages a minute, the store). Tabs in the ARIA
 * pattern: ← → between them, each panel reachable by Tab.
 */
import { locale, number, t, tn } from './i18n.js';
import { $, UNREACHABLE } from './dom.js';
import { humanSize } from './files.js';
import { confirmDeleteRoom, hostAction, personMenu, showDoor } from './host.js';
import { GENERAL, conversationLabel, on, rulesOf, state } from './state.js';

const dialog = $('console-dialog');
const error = $('console-error');
const tabs = [...dialog.querySelectorAll('[role=tab]')];
let shown = 'people';

function when(iso) {
  return iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

async function read(path) {
  error.textContent = '';
  try {
    const response = await fetch(path);
    const text = await response.text();
    if (!response.ok) {
      error.textContent = text.trim();
      return null;
    }
    return JSON.parse(text);
  } catch (e) {
    error.textContent = UNREACHABLE;
    return null;
  }
}

function cell(content, header) {
  const td = document.createElement(header ? 'th' : 'td');
  if (header) td.scope = 'row';
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function button(label, onClick, aria) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = label;
  if (aria) b.setAttribute('aria-label', aria);
  b.addEventListener('click', onClick);
  return b;
}

function personState(person) {
  const parts = [person.online ? t('console.online') : t('console.offline')];
  if (person.host) parts.push(t('console.isHost'));
  if (person.removed) parts.push(t('console.removed'));
  if (person.mutedUntil) parts.push(t('console.mutedUntil', { time: when(person.mutedUntil) }));
  if (person.passphrase) parts.push(t('console.hasPassphrase'));
  if (person.status && person.status.state === 'away') parts.push(t('status.away'));
  if (person.status && person.status.state === 'dnd') parts.push(t('status.dnd'));
  const words = person.status ? [person.status.emoji, person.status.text].filter(Boolean).join(' ') : '';
  if (words) parts.push(words);
  return parts.join(' · ');
}

async function showPeople() {
  const people = await read('/host/people');
  if (!people) return;
  $('console-people-rows').replaceChildren(...people.map(person => {
    const row = document.createElement('tr');
    const actions = person.name === state.me || person.host ? ''
      : button('⋯', () => personMenu(person.name, person, showPeople), t('console.actionsFor', { name: person.name }));
    row.append(cell(person.name, true), cell(personState(person)), cell(number(person.devices)),
      cell(when(person.lastSeen)), cell(actions));
    return row;
  }));
}

let renaming = null;
let keeping = null;
let kept = new Map();

function keeps(retention) {
  if (!retention) return '';
  if (retention.days && retention.messages) return t('console.keepsBoth', { days: retention.days, count: retention.messages });
  return retention.days ? tn('console.keepsDays', retention.days) : tn('console.keepsMessages', retention.messages);
}

async function showRooms() {
  const retention = await read('/host/retention');
  if (retention) kept = new Map(retention.map(r => [r.room, r]));
  const rows = [...state.rooms.keys()].map(id => {
    const row = document.createElement('tr');
    const rules = rulesOf(id);
    const facts = [rules.archived ? t('console.archived') : '', rules.readOnly ? t('console.readOnly') : '',
      rules.slowModeSeconds ? t('console.slow', { seconds: rules.slowModeSeconds }) : '', keeps(kept.get(id))]
      .filter(Boolean).join(' · ');
    const label = conversationLabel(id);
    const actions = document.createElement('span');
    actions.className = 'console-actions';
    actions.append(button(t('console.rename'), () => startRename(id), t('console.renameOne', { room: label })));
    actions.append(' ', button(t('console.topic'), () => startTopic(id), t('console.topicOne', { room: label })));
    actions.append(' ', button(t('console.keep'), () => startKeep(id), t('console.keepOne', { room: label })));
    if (id !== GENERAL) {
      actions.append(' ', button(rules.archived ? t('console.unarchive') : t('console.archive'),
        () => hostAction('POST', '/host/archive-room', { room: id, archived: !rules.archived }).then(showRooms)));
      actions.append(' ', button(t('console.delete'), () => confirmDeleteRoom(id, showRooms),
        t('console.deleteOne', { room: label })));
    }
    row.append(cell(label, true), cell(facts), cell(actions));
    return row;
  });
  $('console-rooms-rows').replaceChildren(...rows);
}

function startRename(id) {
  renaming = id;
  $('console-rename-label').textContent = t('console.renameTo', { room: conversationLabel(id) });
  $('console-rename-input').value = state.rooms.get(id) || '';
  $('console-rename').hidden = false;
  $('console-rename-input').focus();
}

$('console-rename').addEventListener('submit', async event => {
  event.preventDefault();
  const answer = await hostAction('POST', '/host/rename-room', { room: renaming, name: $('console-rename-input').value.trim() });
  if (answer) {
    $('console-rename').hidden = true;
    setTimeout(showRooms, 300);
  } else {
    error.textContent = $('notice') ? $('notice').textContent : '';
  }
});
$('console-rename-cancel').addEventListener('click', () => { $('console-rename').hidden = true; });

let topicOf = null;
function startTopic(id) {
  topicOf = id;
  $('console-topic-label').textContent = t('console.topicOne', { room: conversationLabel(id) });
  $('console-topic-input').value = state.topics.get(id) || '';
  $('console-topic').hidden = false;
  $('console-topic-input').focus();
}

$('console-topic').addEventListener('submit', async event => {
  event.preventDefault();
  if (await hostAction('PUT', '/rooms/' + encodeURIComponent(topicOf) + '/topic',
    { topic: $('console-topic-input').value.trim() })) {
    $('console-topic').hidden = true;
  }
});
$('console-topic-cancel').addEventListener('click', () => { $('console-topic').hidden = true; });

function startKeep(id) {
  keeping = id;
  const now = kept.get(id) || { days: 0, messages: 0 };
  $('console-keep-title').textContent = t('console.keepTitle', { room: conversationLabel(id) });
  $('console-keep-days').value = String(now.days);
  $('console-keep-messages').value = String(now.messages);
  $('console-keep').hidden = false;
  $('console-keep-days').focus();
}

$('console-keep').addEventListener('submit', async event => {
  event.preventDefault();
  const answer = await hostAction('POST', '/host/retention', { room: keeping,
    days: Number($('console-keep-days').value || 0), messages: Number($('console-keep-messages').value || 0) });
  if (answer) {
    $('console-keep').hidden = true;
    showRooms();
  }
});
$('console-keep-cancel').addEventListener('click', () => { $('console-keep').hidden = true; });

async function showFiles() {
  const files = await read('/host/files');
  if (!files) return;
  $('console-storage').textContent = t('console.storageUsed', { used: humanSize(files.used), limit: humanSize(files.limit) });
  $('console-storage-meter').value = files.limit ? files.used / files.limit : 0;
  $('console-files-rows').replaceChildren(...files.largest.map(file => {
    const row = document.createElement('tr');
    const link = document.createElement('a');
    link.href = '/files/' + encodeURIComponent(file.id);
    link.target = '_blank';
    link.textContent = file.name;
    const size = cell(humanSize(file.size));
    size.translate = false;
    row.append(cell(link, true), size,
      cell(file.sentIn.map(conversationLabel).join(', ')),
      cell(button(t('console.remove'), async () => {
        if (await hostAction('DELETE', '/host/files/' + encodeURIComponent(file.id))) showFiles();
      }, t('console.removeOne', { file: file.name }))));
    return row;
  }));
}

function showDoorHere(door) {
  $('console-door-state').textContent = door.inviteOnly ? t('host.doorInvite') : t('host.doorOpen');
  $('console-door-link').hidden = !door.inviteOnly;
  $('console-door-link').value = door.inviteOnly && door.links && door.links.length ? door.links[0] : '';
  $('console-door-on').hidden = door.inviteOnly;
  $('console-door-new').hidden = $('console-door-off').hidden = !door.inviteOnly;
}

async function doorAction(method, body) {
  const answer = await hostAction(method, '/host/key', body);
  if (answer) showDoor(answer);
}
$('console-door-on').addEventListener('click', () => doorAction('POST', { signOutEveryone: false }));
$('console-door-new').addEventListener('click', () => doorAction('POST', { signOutEveryone: false }));
$('console-door-off').addEventListener('click', () => doorAction('DELETE'));
on('door', showDoorHere);

async function showServer() {
  const facts = await read('/host/server');
  if (!facts) return;
  const hours = Math.floor(facts.uptimeSeconds / 3600);
  const minutes = Math.floor((facts.uptimeSeconds % 3600) / 60);
  const rows = [
    [t('console.version'), facts.version],
    [t('console.uptime'), t('console.uptimeIs', { hours: number(hours), minutes: number(minutes), since: when(facts.startedAt) })],
    [t('console.streams'), number(facts.streams)],
    [t('console.onlineNow'), number(facts.online)],
    [t('console.postsPerMinute'), number(facts.postsLastMinute)],
    [t('console.store'), facts.storeAnswering ? t('console.storeFine', { store: facts.store })
      : t('console.storeDown', { store: facts.store, problem: facts.storeProblem || '' })],
    [t('console.storeSize'), facts.storeBytes >= 0 ? humanSize(facts.storeBytes) : '—'],
    [t('console.roomsCount'), number(facts.rooms)],
    [t('console.peopleCount'), number(facts.people)],
    [t('console.filesUsed'), humanSize(facts.filesUsed)],
  ];
  const sentences = new Set([1, 5]);
  $('console-facts').replaceChildren(...rows.flatMap(([term, value], i) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    // Numbers, sizes and the version as Intl and the build write them: not words to translate.
    if (!sentences.has(i)) dd.translate = false;
    return [dt, dd];
  }));
}

const SHOW = { people: showPeople, rooms: showRooms, files: showFiles, door: () => read('/host').then(d => d && showDoorHere(d)), server: showServer };

function select(name, focus) {
  shown = name;
  for (const tab of tabs) {
    const mine = tab.id === 'console-tab-' + name;
    tab.setAttribute('aria-selected', String(mine));
    tab.tabIndex = mine ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !mine;
    if (mine && focus) tab.focus();
  }
  SHOW[name]();
}

tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => select(tab.id.slice('console-tab-'.length)));
  tab.addEventListener('keydown', event => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key] * (document.dir === 'rtl' ? -1 : 1);
    if (event.key === 'Home' || event.key === 'End' || step) {
      event.preventDefault();
      const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : (i + step + tabs.length) % tabs.length;
      select(tabs[next].id.slice('console-tab-'.length), true);
    }
  });
});

$('console-open').addEventListener('click', () => {
  select(shown);
  dialog.showModal();
});
$('console-close').addEventListener('click', () => dialog.close());
on('places', () => { if (dialog.open && shown === 'rooms') showRooms(); });
