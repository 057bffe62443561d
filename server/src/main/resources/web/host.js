/*
 * The host's tools, shown to hosts only: the room's door (invite-only or open, its link, a new link), the ⋯ menu by
 * each person online (mute, remove, reset their sign-in, free the name), and a room's dialog (its rules; archive it or bring it back;
 * delete it, after a second question). Also what the page does when the host removed the reader.
 */
import { locale, t } from './i18n.js';
import { $, UNREACHABLE, capitalize, postJson } from './dom.js';
import { GENERAL, changed, conversationLabel, on, rulesOf, state } from './state.js';

const panel = $('host-panel');
const door = $('host-door');
const inviteLink = $('invite-link');
const inviteOn = $('invite-on');
const inviteNew = $('invite-new');
const inviteOff = $('invite-off');
const personDialog = $('person-dialog');
const rulesDialog = $('rules-dialog');
const rulesReadOnly = $('rules-read-only');
const rulesSlow = $('rules-slow');
const deleteRoomDialog = $('delete-room-dialog');
const removedDialog = $('removed-dialog');

/** The host's panel (the room's door) and the rules button, for hosts only. */
async function showHostTools() {
  panel.hidden = !state.host;
  changed('rules');
  changed('online');
  if (!state.host) return;
  try {
    const response = await fetch('/host');
    if (response.ok) showDoor(await response.json());
  } catch (e) {
    // shown when it can be had
  }
}

export function showDoor(answer) {
  changed('door', answer);
  door.textContent = answer.inviteOnly ? t('host.doorInvite') : t('host.doorOpen');
  inviteLink.hidden = !answer.inviteOnly;
  inviteLink.value = answer.inviteOnly && answer.links && answer.links.length ? answer.links[0] : '';
  inviteOn.hidden = answer.inviteOnly;
  inviteNew.hidden = inviteOff.hidden = !answer.inviteOnly;
}

/** A host's request; its answer's JSON, or null after the server's refusal was shown. */
export async function hostAction(method, path, body) {
  try {
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    });
    const text = await response.text();
    if (!response.ok) {
      changed('notice', text.trim());
      return null;
    }
    changed('notice', '');
    return text ? JSON.parse(text) : {};
  } catch (e) {
    changed('notice', UNREACHABLE);
    return null;
  }
}

/**
 * The host's menu for one person (from the online list, or the console's people with what it knows of them: a removed
 * person is let back in rather than removed); {@code done} hears when the action is answered.
 */
export function personMenu(name, person = {}, done = () => {}) {
  $('person-name').textContent = name;
  $('person-remove').hidden = !!person.removed;
  $('person-back').hidden = !person.removed;
  personDialog.returnValue = '';
  personDialog.onclose = async () => {
    const choice = personDialog.returnValue;
    if (choice.startsWith('mute-')) await hostAction('POST', '/host/mute', { name, minutes: Number(choice.slice(5)) });
    else if (choice === 'remove') await hostAction('POST', '/host/remove', { name });
    else if (choice === 'back') await hostAction('POST', '/host/let-back-in', { name });
    else if (choice === 'free') await hostAction('POST', '/host/free-name', { name });
    else if (choice === 'reset') showResetCode(name, await hostAction('POST', '/host/reset-sign-in', { name }));
    done();
  };
  personDialog.showModal();
}

/** The one-time code the host's reset made, to hand over in person. */
export function showResetCode(name, answer) {
  if (!answer) return;
  $('reset-title').textContent = t('reset.title', { name });
  $('reset-code').textContent = answer.code;
  $('reset-expiry').textContent = t('reset.until', {
    time: new Date(answer.expiresAt).toLocaleString(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
  });
  $('reset-dialog').showModal();
}

/** The room's dialog: its rules, archiving it, deleting it (General is neither archived nor deleted). */
function roomMenu() {
  const room = state.active;
  const rules = rulesOf(room);
  $('rules-title').textContent = t('rules.title', { room: conversationLabel(room) });
  rulesReadOnly.checked = rules.readOnly;
  rulesSlow.value = String(rules.slowModeSeconds);
  $('rules-error').textContent = '';
  $('rules-room-actions').hidden = room === GENERAL;
  $('rules-archive').hidden = $('rules-archive-hint').hidden = rules.archived;
  $('rules-unarchive').hidden = !rules.archived;
  rulesDialog.returnValue = '';
  rulesDialog.onclose = () => {
    const choice = rulesDialog.returnValue;
    if (choice === 'save') {
      hostAction('POST', '/host/room', { room, readOnly: rulesReadOnly.checked,
        slowModeSeconds: Number(rulesSlow.value) });
    } else if (choice === 'archive' || choice === 'unarchive') {
      hostAction('POST', '/host/archive-room', { room, archived: choice === 'archive' });
    } else if (choice === 'delete') {
      confirmDeleteRoom(room);
    }
  };
  rulesDialog.showModal();
}

/** Deleting a room cannot be undone: the host says so twice. */
export function confirmDeleteRoom(room, done = () => {}) {
  $('delete-room-title').textContent = t('deleteRoom.title', { room: conversationLabel(room) });
  deleteRoomDialog.returnValue = '';
  deleteRoomDialog.onclose = () => {
    if (deleteRoomDialog.returnValue === 'delete') hostAction('POST', '/host/delete-room', { room }).then(done);
  };
  deleteRoomDialog.showModal();
}

/**
 * Opened with the host link (?host=TOKEN, which `hubbub serve` prints): once signed in, this person becomes a
 * host, and the token leaves the address bar.
 */
async function claimHost() {
  const params = new URLSearchParams(location.search);
  const token = params.get('host');
  if (!token) return;
  params.delete('host');
  history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : '') + location.hash);
  const answer = await postJson('/host/claim', { token });
  if (!answer.ok) {
    changed('notice', answer.text.trim());
    return;
  }
  state.host = true;
  showDoor(answer.json);
  panel.hidden = false;
  changed('rules');
  changed('online');
  if (state.stream) state.stream.restart();
}

/** A stream that keeps failing may mean the host removed this person: then say so, and stop trying. */
let removalChecked = 0;
async function checkStillIn() {
  if (!state.me || Date.now() - removalChecked < 5000) return;
  removalChecked = Date.now();
  try {
    const response = await fetch('/session');
    if (response.status === 403) {
      $('removed-reason').textContent = capitalize((await response.text()).trim()) + '.';
      state.stream.stop();
      if (!removedDialog.open) removedDialog.showModal();
    }
  } catch (e) {
    // not reachable: the stream keeps trying
  }
}

on('host', showHostTools);
on('person-menu', personMenu);
on('signed-in', claimHost);
on('connection', connection => {
  if (connection === 'reconnecting') checkStillIn();
});
$('room-rules').addEventListener('click', roomMenu);
inviteOn.addEventListener('click', async () => {
  const answer = await hostAction('POST', '/host/key', { signOutEveryone: false });
  if (answer) showDoor(answer);
});
inviteNew.addEventListener('click', async () => {
  const answer = await hostAction('POST', '/host/key', { signOutEveryone: false });
  if (answer) showDoor(answer);
});
inviteOff.addEventListener('click', async () => {
  const answer = await hostAction('DELETE', '/host/key');
  if (answer) showDoor(answer);
});
inviteLink.addEventListener('focus', () => inviteLink.select());
