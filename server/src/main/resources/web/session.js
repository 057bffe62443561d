/*
 * Signing in: the name a person claims (POST /session; the token comes back as an HttpOnly cookie, which the
 * stream and every post carry, and is kept in localStorage to sign in again if the cookie is lost), with the
 * passphrase they set (on any device), a link code from another device or the host, signing in again after the server's data was reset, a link code for another device, and
 * signing out. 'signed-in' tells the other modules once the reader is in.
 */
import { t, tn, joinNames, locale } from './i18n.js';
import { $, UNREACHABLE, postJson } from './dom.js';
import { forgetOutbox } from './outbox.js';
import { ME_KEY, TOKEN_KEY, changed, forgetEverything, on, state } from './state.js';

export const OFFLINE_START = t('session.offlineStart');
const dialog = $('name-dialog');
const nameInput = $('name-input');
const nameError = $('name-error');
const codeInput = $('code-input');
const codeError = $('code-error');
const dialogRoom = $('dialog-room');
const dialogOnline = $('dialog-online');

/** Before signing in: the room's name and who is there, from GET /status. */
async function previewRoom() {
  try {
    const status = await (await fetch('/status')).json();
    state.roomName = status.room;
    state.maxFileBytes = status.maxFileBytes || 0;
    changed('room-name');
    dialogOnline.textContent = status.online.length === 0 ? t('session.nobodyHere')
        : tn('session.here', status.online.length, { names: joinNames(status.online) });
    changed('title');
  } catch (e) {
    dialogOnline.textContent = UNREACHABLE;
  }
}

/** Signed in already (cookie), or again with the kept token, or not: then ask for a name. */
export async function signInAtStart() {
  try {
    const current = await fetch('/session');
    if (current.ok) return signedIn((await current.json()).name, null);
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) {
      const again = await postJson('/session', { token });
      if (again.ok) return signedIn(again.json.name, null);
      localStorage.removeItem(TOKEN_KEY);
    }
  } catch (e) {
    const known = localStorage.getItem(ME_KEY);
    if (known && localStorage.getItem(TOKEN_KEY)) {
      // Opened (or reloaded) while the server is down: the reader is who they were; the stream keeps trying, and
      // what they type waits in the outbox until it is back.
      signedIn(known, null);
      changed('notice', OFFLINE_START);
      return;
    }
    dialogOnline.textContent = UNREACHABLE;
  }
  previewRoom();
  askName();
}

/** After a reset, the name is claimed again (or, when someone took it meanwhile, asked for again). */
async function reclaim() {
  try {
    const answer = await postJson('/session', { name: state.me });
    if (answer.ok) {
      if (answer.json.token) localStorage.setItem(TOKEN_KEY, answer.json.token);
      state.stream.restart();
      return;
    }
  } catch (e) {
    // asked below
  }
  localStorage.removeItem(TOKEN_KEY);
  state.me = null;
  askName();
}

function askName() {
  nameError.textContent = '';
  codeError.textContent = '';
  if (!dialog.open) dialog.showModal();
  nameInput.focus();
}

function signedIn(name, token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  if (dialog.open) dialog.close();
  state.me = name;
  localStorage.setItem(ME_KEY, name);
  $('my-name').textContent = name;
  $('me').hidden = false;
  changed('signed-in');
}

on('room-name', () => { dialogRoom.textContent = state.roomName; });
on('unknown-here', reclaim);
$('name-form').addEventListener('submit', async event => {
  event.preventDefault();
  const name = nameInput.value.trim();
  if (!name) {
    nameError.textContent = t('session.typeName');
    return;
  }
  // With a passphrase: signing in as the one who set it, on any device (or claiming a free name with it).
  const passphrase = $('passphrase-input').value;
  try {
    const answer = await postJson('/session', passphrase ? { name, passphrase } : { name });
    if (answer.ok) {
      $('passphrase-input').value = '';
      signedIn(answer.json.name, answer.json.token);
    } else {
      nameError.textContent = answer.text.trim();
      if (answer.status === 409) codeInput.focus();
    }
  } catch (e) {
    nameError.textContent = UNREACHABLE;
  }
});
$('code-form').addEventListener('submit', async event => {
  event.preventDefault();
  const code = codeInput.value.trim();
  if (!code) return;
  try {
    const answer = await postJson('/session', { code });
    if (answer.ok) signedIn(answer.json.name, answer.json.token);
    else codeError.textContent = answer.text.trim();
  } catch (e) {
    codeError.textContent = UNREACHABLE;
  }
});
dialog.addEventListener('cancel', event => { if (!state.me) event.preventDefault(); });

$('link-device').addEventListener('click', async () => {
  try {
    const answer = await postJson('/session/link', {});
    if (!answer.ok) {
      changed('notice', answer.text.trim());
      return;
    }
    $('link-code').textContent = answer.json.code;
    $('link-expiry').textContent = t('link.until', {
      time: new Date(answer.json.expiresAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
    });
    $('link-dialog').showModal();
  } catch (e) {
    changed('notice', UNREACHABLE);
  }
});
/**
 * Signing out asks first: the name stays this person's, and only a device still signed in can let them back in (with a
 * link code), so the dialog offers one before they go.
 */
const signOutDialog = $('sign-out-dialog');
$('sign-out').addEventListener('click', () => {
  signOutDialog.returnValue = '';
  signOutDialog.showModal();
});
signOutDialog.addEventListener('close', async () => {
  if (signOutDialog.returnValue === 'link') {
    $('link-device').click();
    return;
  }
  if (signOutDialog.returnValue !== 'out') return;
  try {
    await fetch('/session', { method: 'DELETE' });
    await forgetOutbox();
  } finally {
    forgetEverything();
    location.reload();
  }
});
