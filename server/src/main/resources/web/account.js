/*
 * Keeping one's way in: a passphrase (PUT /profile/passphrase; with it, name and passphrase sign in on any device)
 * and the devices one is signed in on (GET /session/devices; any of them can be signed out from here); and keeping
 * one's conversations: the one shown, exported as a page or as JSON (GET /export).
 */
import { locale, t } from './i18n.js';
import { $, UNREACHABLE } from './dom.js';
import { isDirect, state } from './state.js';

const passphraseDialog = $('passphrase-dialog');
const fresh = $('passphrase-new');
const again = $('passphrase-again');
const passphraseError = $('passphrase-error');
const devicesDialog = $('devices-dialog');
const devicesList = $('devices-list');
const devicesError = $('devices-error');

async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { ok: response.ok, text: text.trim(), json: response.ok && text ? JSON.parse(text) : null };
}

$('passphrase-open').addEventListener('click', async () => {
  fresh.value = again.value = '';
  passphraseError.textContent = '';
  $('passphrase-username').value = state.me || '';
  let set = false;
  try {
    const answer = await request('GET', '/profile/passphrase');
    set = answer.ok && answer.json.set;
  } catch (e) {
    passphraseError.textContent = UNREACHABLE;
  }
  $('passphrase-state').textContent = set ? t('passphrase.isSet') : t('passphrase.notSet');
  $('passphrase-remove').hidden = !set;
  passphraseDialog.showModal();
  fresh.focus();
});

$('passphrase-form').addEventListener('submit', async event => {
  const choice = event.submitter ? event.submitter.value : 'save';
  if (choice === 'cancel') return;
  event.preventDefault();
  passphraseError.textContent = '';
  if (choice === 'save' && fresh.value !== again.value) {
    passphraseError.textContent = t('passphrase.differ');
    again.focus();
    return;
  }
  try {
    const answer = choice === 'remove' ? await request('DELETE', '/profile/passphrase')
      : await request('PUT', '/profile/passphrase', { passphrase: fresh.value });
    if (!answer.ok) {
      passphraseError.textContent = answer.text;
      return;
    }
    passphraseDialog.close();
  } catch (e) {
    passphraseError.textContent = UNREACHABLE;
  }
});

function when(iso) {
  return iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

async function showDevices() {
  devicesError.textContent = '';
  try {
    const answer = await request('GET', '/session/devices');
    if (!answer.ok) {
      devicesError.textContent = answer.text;
      return;
    }
    devicesList.replaceChildren(...answer.json.map(device => {
      const item = document.createElement('li');
      const label = document.createElement('strong');
      label.textContent = device.label || t('devices.unknown');
      // A program's and a system's names, as the device gave them: not words to translate.
      if (device.label) label.translate = false;
      const facts = document.createElement('span');
      facts.className = 'hint';
      facts.textContent = [
        device.signedInAt ? t('devices.signedIn', { time: when(device.signedInAt) }) : '',
        device.current ? t('devices.thisOne') : device.lastSeenAt ? t('devices.seen', { time: when(device.lastSeenAt) }) : '',
      ].filter(Boolean).join(' · ');
      const about = document.createElement('div');
      about.append(label, ' ', facts);
      item.append(about);
      if (!device.current) {
        const out = document.createElement('button');
        out.type = 'button';
        out.className = 'link danger';
        out.textContent = t('devices.signOut');
        out.setAttribute('aria-label', t('devices.signOutOne', { device: label.textContent }));
        out.addEventListener('click', async () => {
          const done = await request('DELETE', '/session/devices/' + encodeURIComponent(device.id));
          if (!done.ok) devicesError.textContent = done.text;
          showDevices();
        });
        item.append(out);
      }
      return item;
    }));
  } catch (e) {
    devicesError.textContent = UNREACHABLE;
  }
}

$('devices-open').addEventListener('click', async () => {
  await showDevices();
  devicesDialog.showModal();
});

// Exporting the conversation shown (GET /export): its address is made as the link is followed, for where one is then.
for (const link of document.querySelectorAll('.export-link')) {
  link.addEventListener('click', () => {
    const where = state.active || 'general';
    const which = isDirect(where) ? 'with=' + encodeURIComponent(state.directs.get(where) || where.slice(1))
      : 'room=' + encodeURIComponent(where);
    link.href = '/export?' + which + '&format=' + link.dataset.format;
  });
}
