/*
 * What the page raises for the reader (notify.js's Notifier): what is for them (a direct message, a mention of them
 * or of everyone), each conversation's level (the bell by its name), and the panel that asks for the browser's
 * permission or explains why there is none.
 */
import { t } from './i18n.js';
import { Notifier } from './notify.js';
import { $ } from './dom.js';
import { holdingNotifications } from './status.js';
import { changed, conversationLabel, isMine, on, state } from './state.js';

export const notifier = new Notifier({
  onOpen: (where, id, message) => changed('jump', { where, id,
    thread: message && message.thread && message.thread.root !== id ? message.thread.root : null }),
  isLeader: () => document.body.dataset.role === 'leader',
  holding: holdingNotifications,
});

const level = $('notify-level');
const panel = $('notify-panel');
const enable = $('notify-enable');
const why = $('notify-why');
const sound = $('notify-sound');
const soundLabel = $('notify-sound-label');

/** Whether a message from someone else is for the reader: to them alone, or mentioning them or everyone. */
export function isForMe(message) {
  return !!message.to || !!message.mentionsRoom || (message.mentions || []).some(name => isMine(name));
}

/** Raises what a message from someone else calls for, and counts it for the reader when it is for them. */
export function noticeArrival(message, where) {
  const looking = where === state.active && !document.hidden;
  const forMe = isForMe(message);
  const label = conversationLabel(where);
  const title = message.to ? t('notify.direct', { author: message.author })
      : forMe ? t('notify.mentioned', { author: message.author, where: label })
      : t('notify.in', { author: message.author, where: label });
  notifier.arrived(message, where, forMe, looking, title);
  if (forMe && !looking && !notifier.isMuted(where)) state.forMe.set(where, (state.forMe.get(where) || 0) + 1);
}

/** The bell by the conversation's name: every message, mentions and direct messages, or muted. */
const BELLS = { all: '🔔', mentions: '🔔', none: '🔕' };
export function showLevel() {
  if (!state.active) return;
  const now = notifier.level(state.active);
  level.hidden = !state.me;
  // The words go on a phone, where the bell alone has to do (its name says the level).
  const bell = BELLS[now];
  const words = t('level.' + now);
  const name = document.createElement('span');
  name.className = 'level-name';
  name.textContent = words;
  level.replaceChildren(bell + ' ', name);
  level.setAttribute('aria-label', t('level.label', { level: words }));
  level.dataset.level = now;
  level.title = t('level.title.' + now);
}

export function showNotifyPanel() {
  const permission = notifier.permission();
  enable.hidden = permission !== 'default';
  why.hidden = notifier.supported() || notifier.explained();
  soundLabel.hidden = permission === 'granted';
  sound.checked = notifier.sound;
  panel.hidden = enable.hidden && why.hidden && soundLabel.hidden;
}

level.addEventListener('click', () => {
  const next = { mentions: 'all', all: 'none', none: 'mentions' }[notifier.level(state.active)];
  notifier.setLevel(state.active, next);
  if (next === 'none') state.forMe.delete(state.active);
  showLevel();
  changed('places');
  changed('title');
});
enable.addEventListener('click', async () => {
  await notifier.ask();
  showNotifyPanel();
});
$('notify-why-ok').addEventListener('click', () => {
  notifier.dismissExplanation();
  showNotifyPanel();
});
sound.addEventListener('change', () => {
  notifier.setSound(sound.checked);
  if (sound.checked) notifier.beep();
});
on('signed-in', showNotifyPanel);
on('shown', showLevel);
