/*
 * Writing: the message box and what goes with it. Enter sends (Shift+Enter a new line), with the files on the tray
 * (dropped, pasted or picked; each uploads at once); a reply quotes its message, an edit holds one's own message
 * until Enter saves it; "@An" completes from the people here; the others hear that the reader is typing. What the
 * room's rules allow (read-only, slow mode, archived) shows in the box. Also what the reader does to a message from
 * its actions: delete it (after asking), react to it.
 */
import { t, tn, joinNames } from './i18n.js';
import { draftOf, keepDraft } from './drafts.js';
import { byShortcode, emojiData, picker, toned, used } from './emoji.js';
import { Tray, uploaded } from './files.js';
import { messages } from './messages.js';
import { post } from './send.js';
import { describeStatus, statusMark, statusOf } from './status.js';
import { randomId } from './tabs.js';
import { $, UNREACHABLE } from './dom.js';
import {
  GENERAL, changed, conversationLabel, isDirect, isMine, keyOf, on, personOf, rulesOf, state,
} from './state.js';

const TYPING_SHOWN_MS = 6000;
const TYPING_EVERY_MS = 3000;

const text = $('text');
const send = $('send');
const composing = $('composing');
const composingWhat = $('composing-what');
const mentionList = $('mention-list');
const typingLine = $('typing');
const fileInput = $('file-input');
const deleteDialog = $('delete-dialog');
const roomRules = $('room-rules');
const conversation = document.querySelector('.conversation');

/** What the composer holds besides its text: the message it answers, or the one of ours it edits. */
const composer = {
  replyTo: null,
  editing: null,
  submitting: false,       // a message waits for its files to finish uploading
  typingSent: { where: null, at: 0 },   // where and when this page last said its person is typing
  draftFor: null,          // the conversation whose draft the box holds (when it holds no edit)
};

const tray = new Tray($('tray'), {
  maxBytes: () => state.maxFileBytes,
  onChange: () => changed('notice', ''),
});

/**
 * The composer says what the room's rules are: archived (for everyone), read-only (for all but the host), slow
 * mode.
 */
function showComposerRules() {
  const rules = rulesOf(state.active);
  const label = conversationLabel(state.active || GENERAL).replace(/^[#@] /, '');
  const room = !isDirect(state.active || GENERAL);
  const archived = rules.archived && room;
  const closed = archived || (rules.readOnly && !state.host && room);
  text.disabled = send.disabled = !state.me || closed;
  text.placeholder = archived ? t('composer.archived', { where: label })
      : closed ? t('composer.readOnly', { where: label })
      : rules.slowModeSeconds && !isDirect(state.active) && !state.host
        ? t('composer.slow', { where: label, seconds: rules.slowModeSeconds })
        : t('composer.placeholder', { where: label });
  roomRules.hidden = !state.host || !state.active || isDirect(state.active);
}

/** The composer answers a message ('reply'), or holds one of ours to edit ('edit'); null: a new message. */
function compose(mode, message) {
  composer.replyTo = mode === 'reply' ? message : null;
  if (composer.editing && mode !== 'edit') text.value = draftOf(composer.draftFor);
  composer.editing = mode === 'edit' ? message : null;
  composing.hidden = !mode;
  if (mode === 'reply') {
    composingWhat.textContent = t('composer.replying',
        { author: message.author, words: (message.text || '📎').slice(0, 80) });
  } else if (mode === 'edit') {
    composingWhat.textContent = t('composer.editing');
    text.value = message.text;
  }
  autosize();
  if (mode) text.focus();
}

/** PATCH, DELETE or POST on /chat/{id}…; a refusal is shown as the server's sentence. */
async function act(method, path, body) {
  try {
    const response = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.ok) {
      changed('notice', '');
      return true;
    }
    changed('notice', (await response.text()).trim() || ('the server answered ' + response.status));
  } catch (e) {
    changed('notice', UNREACHABLE);
  }
  return false;
}

async function saveEdit() {
  const message = composer.editing;
  const words = text.value.trim();
  if (!words && !(message.files && message.files.length)) return;
  if (words !== message.text && !await act('PATCH', '/chat/' + encodeURIComponent(message.id), { text: words })) {
    return;
  }
  compose(null);
}

function confirmDelete(message) {
  const theirs = !isMine(message.author);
  deleteDialog.querySelector('h2').textContent = theirs ? t('delete.theirs', { author: message.author })
      : t('delete.title');
  deleteDialog.querySelector('.hint').textContent = theirs ? t('delete.theirsHint') : t('delete.hint');
  deleteDialog.returnValue = '';
  deleteDialog.onclose = () => {
    if (deleteDialog.returnValue === 'delete') act('DELETE', '/chat/' + encodeURIComponent(message.id));
  };
  deleteDialog.showModal();
}

function pin({ message, pin: pinning }) {
  act(pinning ? 'PUT' : 'DELETE', '/chat/' + encodeURIComponent(message.id) + '/pin');
}

function react({ message, emoji, add }) {
  const path = '/chat/' + encodeURIComponent(message.id) + '/reactions';
  if (add) act('POST', path, { emoji });
  else act('DELETE', path + '/' + encodeURIComponent(emoji));
}

/** Sends what is typed and the files on the tray; when files are still uploading, once they are up. */
async function submit() {
  const where = state.active;
  if (composer.editing) {
    saveEdit();
    return;
  }
  if (composer.submitting || !where || (!text.value.trim() && tray.isEmpty())) return;
  // What was typed when Send was pressed goes, even if the reader moves elsewhere while the files upload.
  const words = text.value.trim();
  composer.submitting = true;
  const files = await uploaded(tray, send, reason => changed('notice', reason));
  composer.submitting = false;
  if (!files || (!words && !files.length)) return;
  const replyTo = composer.replyTo && composer.replyTo.id;
  keepDraft(where, '');
  if (state.active === where) {
    text.value = '';
    compose(null);
  }
  post(messages, { words, where, files, replyTo }, randomId());
}

/** Someone is typing somewhere (a stream's typing event): shown for a few seconds. */
function typingArrived({ where, name }) {
  if (!state.typing.has(where)) state.typing.set(where, new Map());
  state.typing.get(where).set(name, Date.now() + TYPING_SHOWN_MS);
  renderTyping();
}

/** "Ann is typing…" under the conversation shown; each name goes a few seconds after its last word of it. */
let typingTimer = null;
function renderTyping() {
  const now = Date.now();
  for (const [where, names] of state.typing) {
    for (const [name, until] of names) if (until <= now) names.delete(name);
    if (!names.size) state.typing.delete(where);
  }
  const here = Array.from((state.typing.get(state.active) || new Map()).keys());
  typingLine.textContent = here.length === 0 ? '' : here.length <= 2 ? tn('typing.names', here.length,
      { names: joinNames(here) }) : t('typing.several');
  clearTimeout(typingTimer);
  typingTimer = state.typing.size ? setTimeout(renderTyping, 1000) : null;
}

/** Tells the others this person is typing here: at most every few seconds; a failure does not matter. */
function sayTyping() {
  const where = state.active;
  if (!state.me || !where || !text.value.trim()) return;
  const now = Date.now();
  if (composer.typingSent.where === where && now - composer.typingSent.at < TYPING_EVERY_MS) return;
  composer.typingSent = { where, at: now };
  const body = isDirect(where) ? { to: personOf(where) } : { room: where };
  fetch('/typing', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .catch(() => {});
}

// ---- completion: "@An" from the people here, ":ta" from the emoji ----------------------------------------

/** What is being completed just before the caret: "@An" (a person) or ":ta" (an emoji's short name), or null. */
function completionBeingTyped() {
  const before = text.value.slice(0, text.selectionStart);
  let match = /(^|[^\p{L}\p{N}])@([^\s@]*)$/u.exec(before);
  if (match) return { kind: 'mention', start: before.length - match[2].length - 1, partial: match[2] };
  match = /(^|[\s(]):([a-z0-9_+-]{2,})$/.exec(before);
  if (match) return { kind: 'emoji', start: before.length - match[2].length - 1, partial: match[2] };
  return null;
}

/** People one may mention here: who is online, whom one writes to, and everyone (@room). */
function mentionCandidates(partial) {
  const names = new Map();
  for (const name of state.online.values()) names.set(keyOf(name), name);
  for (const name of state.directs.values()) names.set(keyOf(name), name);
  if (state.me) names.delete(keyOf(state.me));
  const wanted = keyOf(partial);
  const found = Array.from(names.values()).filter(name => keyOf(name).startsWith(wanted)).sort();
  if ('room'.startsWith(wanted.toLowerCase())) found.push('room');
  return found.slice(0, 6).map(name => ({
    label: '@' + name + (name === 'room' ? ' — ' + t('mention.everyone') : ''), insert: '@' + name + ' ',
    person: name === 'room' ? null : name,
  }));
}

/** Emoji whose short names start with what follows the ':' (the dataset loads the first time one is typed). */
async function emojiCandidates(partial) {
  let data;
  try {
    data = await emojiData();
  } catch (e) {
    return [];
  }
  return byShortcode(data, partial).map(({ entry, code }) => {
    const emoji = toned(entry);
    return { label: emoji + '  :' + code + ':', insert: emoji, emoji };
  });
}

async function showCompletions() {
  const typed = completionBeingTyped();
  const found = !typed ? [] : typed.kind === 'mention' ? mentionCandidates(typed.partial)
      : await emojiCandidates(typed.partial);
  const now = completionBeingTyped();
  if (typed && (!now || now.start !== typed.start || now.partial !== typed.partial)) return; // typed on meanwhile
  mentionList.setAttribute('aria-label', typed && typed.kind === 'emoji' ? t('emoji.title') : t('mention.people'));
  mentionList.replaceChildren(...found.map((choice, i) => {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.textContent = choice.label;
    if (choice.person) {
      // Whether they are at their desk, before one writes to them.
      // Words only when there is a status to tell (the dot says offline or active by itself).
      const status = statusOf(choice.person);
      const words = status.state !== 'active' || status.text || status.emoji ? describeStatus(choice.person) : '';
      item.prepend(statusMark(choice.person, { wordsBeside: true }), ' ');
      if (words) item.append(' — ' + words);
    }
    item.dataset.insert = choice.insert;
    if (choice.emoji) item.dataset.emoji = choice.emoji;
    if (i === 0) item.classList.add('chosen');
    item.onmousedown = event => { event.preventDefault(); complete(item); };
    return item;
  }));
  mentionList.hidden = found.length === 0;
}

/** Puts a completion in place of what was typed for it. */
function complete(item) {
  const typed = completionBeingTyped();
  if (!typed) return;
  const words = text.value;
  const inserted = item.dataset.insert;
  if (item.dataset.emoji) used(item.dataset.emoji);
  text.value = words.slice(0, typed.start) + inserted + words.slice(text.selectionStart);
  const caret = typed.start + inserted.length;
  text.setSelectionRange(caret, caret);
  mentionList.hidden = true;
  text.dispatchEvent(new Event('input'));
}

// ---- the emoji picker, for the box and for reactions -------------------------------------------------------

$('emoji-button').addEventListener('click', () => {
  if (picker.isOpen()) {
    picker.close(false);
    return;
  }
  picker.open($('emoji-button'), emoji => {
    text.focus();
    insertAtCaret(emoji);
  });
});

/** Files dropped, pasted or picked go on the tray (and start uploading) once this browser is signed in. */
function attach(files) {
  if (!state.me || !files || !files.length) return;
  tray.add(Array.from(files));
  text.focus();
}

function autosize() {
  text.style.height = 'auto';
  text.style.height = Math.min(text.scrollHeight, 160) + 'px';
  text.style.overflowY = text.scrollHeight > 160 ? 'auto' : 'hidden';
}

on('compose', ({ mode, message }) => compose(mode, message));
on('delete', confirmDelete);
on('react', react);
on('pin', pin);
on('rules', showComposerRules);
on('typing', typingArrived);
on('typing-stopped', renderTyping);
on('shown', () => {
  renderTyping();
  compose(null);
  showDraft();
  showComposerRules();
});

/** The box holds what was typed in the conversation shown and not sent, kept from before (drafts.js). */
function showDraft() {
  if (composer.draftFor === state.active) return;
  composer.draftFor = state.active;
  text.value = draftOf(state.active);
  autosize();
}

function saveDraft() {
  if (!composer.editing && composer.draftFor) keepDraft(composer.draftFor, text.value);
}
on('signed-in', () => {
  send.disabled = text.disabled = fileInput.disabled = false;
});

$('composer').addEventListener('submit', event => { event.preventDefault(); submit(); });
text.addEventListener('keydown', event => {
  if (!mentionList.hidden && (event.key === 'Tab' || event.key === 'Enter') && !event.isComposing) {
    event.preventDefault();
    complete(mentionList.querySelector('.chosen'));
    return;
  }
  if (!mentionList.hidden && event.key === 'Escape') {
    mentionList.hidden = true;
    return;
  }
  if (event.key === 'Escape' && (composer.editing || composer.replyTo)) {
    event.preventDefault();
    compose(null);
    return;
  }
  if (event.key === 'ArrowUp' && !text.value && !composer.editing) {
    // As in Slack: the up arrow in an empty box edits one's last message.
    const last = messages.lastOwn();
    if (last) {
      event.preventDefault();
      compose('edit', last);
    }
    return;
  }
  const mark = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey
      && FORMAT_KEYS[event.key.toLowerCase()];
  if (mark) {
    event.preventDefault();
    wrapSelection(mark);
    return;
  }
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    // Inside a code block being written (an odd number of ``` before the caret), Enter starts a new line.
    if (insideOpenFence(text.value, text.selectionStart)) insertAtCaret('\n');
    else submit();
  }
});

// ---- formatting: Ctrl+B, Ctrl+I, Ctrl+E wrap the selection ------------------------------------------------

const FORMAT_KEYS = { b: '**', i: '_', e: '`' };

function insideOpenFence(value, caret) {
  return (value.slice(0, caret).match(/^```/gm) || []).length % 2 === 1;
}

function insertAtCaret(inserted) {
  text.setRangeText(inserted, text.selectionStart, text.selectionEnd, 'end');
  text.dispatchEvent(new Event('input'));
}

/**
 * Wraps the selection in a mark (bold, italics, code), or unwraps it when it is wrapped already; with nothing
 * selected, puts the caret between two marks. Code over several lines becomes a code block.
 */
function wrapSelection(mark) {
  const { selectionStart: start, selectionEnd: end, value } = text;
  const selected = value.slice(start, end);
  if (mark === '`' && selected.includes('\n')) {
    text.setRangeText('```\n' + selected + '\n```', start, end, 'select');
  } else if (value.slice(start - mark.length, start) === mark && value.slice(end, end + mark.length) === mark) {
    text.setRangeText(selected, start - mark.length, end + mark.length, 'select');
  } else {
    text.setRangeText(mark + selected + mark, start, end, 'select');
    text.setSelectionRange(start + mark.length, end + mark.length);
  }
  text.dispatchEvent(new Event('input'));
}
$('composing-cancel').addEventListener('click', () => compose(null));
text.addEventListener('input', autosize);
text.addEventListener('input', saveDraft);
text.addEventListener('input', sayTyping);
text.addEventListener('input', showCompletions);
text.addEventListener('blur', () => { mentionList.hidden = true; });
fileInput.addEventListener('change', () => {
  attach(fileInput.files);
  fileInput.value = '';
});
document.addEventListener('paste', event => {
  // A paste in the thread's box is the thread's (thread.js).
  if (event.target.closest && event.target.closest('#thread-composer')) return;
  const files = event.clipboardData && event.clipboardData.files;
  if (files && files.length) {
    event.preventDefault();
    attach(files);
  }
});
const carriesFiles = event => event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
let dragDepth = 0;
conversation.addEventListener('dragenter', event => {
  if (!carriesFiles(event) || !state.me) return;
  event.preventDefault();
  dragDepth++;
  conversation.classList.add('dropping');
});
conversation.addEventListener('dragover', event => {
  if (!carriesFiles(event) || !state.me) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
conversation.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) conversation.classList.remove('dropping');
});
conversation.addEventListener('drop', event => {
  dragDepth = 0;
  conversation.classList.remove('dropping');
  if (!carriesFiles(event)) return;
  event.preventDefault();
  attach(event.dataTransfer.files);
});
