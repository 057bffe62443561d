/*
 * The quick switcher (Ctrl+K, Cmd+K on a Mac), as in Slack and Mattermost: one box over every room, every direct
 * conversation and everyone known, matched loosely (the letters in order: "dsg" finds Design), what is unread first,
 * then what the reader opened lately. ↑ ↓ choose, Enter goes there, Escape closes. It is a combobox over a listbox,
 * so a screen reader says the option chosen.
 */
import { t, tn } from './i18n.js';
import { $, folded, stored } from './dom.js';
import { conversationLabel, hashOf, isMine, keyOf, on, rulesOf, state } from './state.js';

const RECENT_KEY = 'hubbub.recent';
const RECENT_MAX = 20;
const SHOWN_MAX = 50;

const dialog = $('switcher');
const input = $('switcher-input');
const list = $('switcher-list');
let options = [];
let chosen = 0;

/** Conversations the reader opened, the latest first. */
function recent() {
  const kept = stored(RECENT_KEY, []);
  return Array.isArray(kept) ? kept.filter(key => typeof key === 'string') : [];
}

on('shown', () => {
  if (!state.active) return;
  const keys = [state.active, ...recent().filter(key => key !== state.active)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(keys));
});


function startsWord(text, at) {
  return at === 0 || /[\s#@_\-.]/.test(text[at - 1]);
}

/**
 * How well {@code query} matches {@code label}: higher is better, -1 not at all. A prefix beats a word's start,
 * which beats the letters anywhere in order (more of them together, and at words' starts, score higher).
 */
export function fuzzyScore(query, label) {
  const q = folded(query).replace(/^[#@]\s*/, '');
  const name = folded(label);
  if (!q) return 0;
  const at = name.indexOf(q);
  if (at === 0) return 1000 - name.length;
  if (at > 0) return (startsWord(name, at) ? 800 : 600) - name.length;
  let i = 0;
  let score = 0;
  let last = -2;
  for (let j = 0; j < name.length && i < q.length; j++) {
    if (name[j] !== q[i]) continue;
    score += (last === j - 1 ? 5 : 1) + (startsWord(name, j) ? 3 : 0);
    last = j;
    i++;
  }
  return i === q.length ? 100 + score - name.length / 10 : -1;
}

/** Everything the switcher offers: {key, label, unread, forMe}. */
function candidates() {
  const found = new Map();
  const add = (key, label, name = null) => {
    if (!found.has(key)) {
      found.set(key, { key, label, name, unread: state.unread.get(key) || 0, forMe: state.forMe.get(key) || 0 });
    }
  };
  for (const [id] of state.rooms) add(id, conversationLabel(id));
  for (const [key, name] of state.directs) add(key, conversationLabel(key), name);
  for (const name of state.online.values()) if (!isMine(name)) add('@' + keyOf(name), '@ ' + name, name);
  return [...found.values()];
}

function rank(query) {
  const order = recent();
  const recency = key => {
    const at = order.indexOf(key);
    return at < 0 ? 0 : 60 - at * 3;
  };
  const scored = [];
  for (const candidate of candidates()) {
    const score = fuzzyScore(query, candidate.label);
    if (score < 0) continue;
    // What is for the reader, then what is unread, comes first; then the best match; then the latest opened.
    const urgency = candidate.forMe ? 2 : candidate.unread ? 1 : 0;
    const archived = !candidate.key.startsWith('@') && rulesOf(candidate.key).archived ? -50 : 0;
    scored.push({ ...candidate, urgency, score: score + recency(candidate.key) + archived });
  }
  scored.sort((a, b) => b.urgency - a.urgency || b.score - a.score || a.label.localeCompare(b.label));
  return scored.slice(0, SHOWN_MAX);
}

function draw() {
  options = rank(input.value.trim());
  chosen = Math.min(chosen, Math.max(0, options.length - 1));
  list.replaceChildren(...options.map((option, index) => {
    const li = document.createElement('li');
    li.id = 'switcher-option-' + index;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(index === chosen));
    li.dataset.conversation = option.key;
    li.textContent = option.label;
    if (option.unread) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = option.unread > 99 ? '99+' : String(option.unread);
      badge.title = tn('unread', option.unread);
      li.append(' ', badge);
    }
    li.addEventListener('click', () => go(option));
    return li;
  }));
  if (!options.length) {
    const li = document.createElement('li');
    li.className = 'hint';
    li.textContent = t('switcher.nothing');
    list.append(li);
  }
  input.setAttribute('aria-activedescendant', options.length ? 'switcher-option-' + chosen : '');
  const shown = $('switcher-option-' + chosen);
  if (shown) shown.scrollIntoView({ block: 'nearest' });
}

function go({ key, name }) {
  dialog.close();
  if (name && !state.directs.has(key)) state.directs.set(key, name);
  location.hash = hashOf(key);
  $('text').focus();
}

/** Opens the switcher (again: closes it). */
export function toggleSwitcher() {
  if (dialog.open) {
    dialog.close();
    return;
  }
  if (!state.me) return;
  input.value = '';
  chosen = 0;
  draw();
  dialog.showModal();
  input.focus();
}

input.addEventListener('input', () => {
  chosen = 0;
  draw();
});
input.addEventListener('keydown', event => {
  const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
  if (step && options.length) {
    event.preventDefault();
    chosen = (chosen + step + options.length) % options.length;
    draw();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (options[chosen]) go(options[chosen]);
  }
});
dialog.addEventListener('click', event => {
  if (event.target === dialog) dialog.close();   // a click on the backdrop
});
