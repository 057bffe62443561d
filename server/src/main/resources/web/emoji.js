/*
 * Emoji: the picker (every emoji by category, a search over names and short names, skin tones, recently used) for
 * the message box and for reactions, and the data ":shortcode" completion reads. The emoji come from the server
 * (GET /emoji: one dataset, the one the server reads :tada: with), fetched once, the first time they are needed.
 * The reader's recent emoji and skin tone stay in localStorage.
 */
import { t } from './i18n.js';
import { stored } from './dom.js';

const RECENT_KEY = 'hubbub.emoji.recent';
const TONE_KEY = 'hubbub.emoji.tone';
const MAX_RECENT = 24;
const MAX_RESULTS = 120;
const TONES = ['✋', '✋🏻', '✋🏼', '✋🏽', '✋🏾', '✋🏿'];
const TONE_NAMES = ['default', 'light', 'mediumLight', 'medium', 'mediumDark', 'dark'].map(n => t('emoji.tone.' + n));
/** A category's name in the reader's language: the dataset's nine Unicode groups, in their order. */
const categoryName = (data, i) => t('emoji.category.' + i) || data.categories[i];
const CATEGORY_ICONS = ['😀', '👋', '🐶', '🍏', '✈️', '⚽', '💡', '❤️', '🏁'];

let loading = null;

/** The dataset: {categories: [...], emoji: [{e, n, c, s, t?}]}; resolves once, rejects when it cannot be had. */
export function emojiData() {
  if (!loading) {
    loading = fetch('/emoji').then(response => {
      if (!response.ok) throw new Error(t('serverAnswered', { status: response.status }));
      return response.json();
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** The reader's skin tone, 0 (none) to 5. */
function tone() {
  const kept = stored(TONE_KEY, 0);
  return Number.isInteger(kept) && kept >= 0 && kept <= 5 ? kept : 0;
}

/** An emoji in the reader's skin tone, where it has tones. */
export function toned(entry) {
  const chosen = tone();
  return chosen && entry.t ? entry.t[chosen - 1] : entry.e;
}

/** Remembers an emoji as used: the first of the recently used. */
export function used(emoji) {
  const recent = stored(RECENT_KEY, []).filter(e => typeof e === 'string' && e !== emoji);
  recent.unshift(emoji);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, MAX_RECENT)));
  } catch (e) {
    // Storage refused: the list is just not kept.
  }
}

/** Emoji whose short names start with {@code prefix} (best first: the short name itself, then its start). */
export function byShortcode(data, prefix, limit = 6) {
  const p = prefix.toLowerCase();
  const exact = [];
  const starts = [];
  for (const entry of data.emoji) {
    const code = entry.s.find(s => s.startsWith(p));
    if (!code) continue;
    (code === p ? exact : starts).push({ entry, code });
    if (exact.length + starts.length >= limit * 4) break;
  }
  return exact.concat(starts).slice(0, limit);
}

/** Whether an entry matches every word of a search, in its name or short names. */
function matches(entry, words) {
  return words.every(word => entry.n.includes(word) || entry.s.some(s => s.includes(word)));
}

/**
 * The picker: one popover for the page, opened next to what asked for it; choosing an emoji calls back with it (in
 * the reader's skin tone) and closes it. Escape or a click elsewhere closes it; arrows move in the grid.
 */
class EmojiPicker {
  constructor() {
    this.root = null;
    this.onPick = null;
    this.opener = null;
  }

  build(data) {
    const root = document.createElement('div');
    root.id = 'emoji-picker';
    root.className = 'emoji-picker';
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-label', t('emoji.title'));
    root.hidden = true;
    const top = document.createElement('div');
    top.className = 'emoji-top';
    const search = document.createElement('input');
    search.type = 'search';
    search.className = 'emoji-search';
    search.placeholder = t('emoji.search');
    search.setAttribute('aria-label', t('emoji.search'));
    const toneButton = document.createElement('button');
    toneButton.type = 'button';
    toneButton.className = 'emoji-tone';
    toneButton.title = t('emoji.tone');
    top.append(search, toneButton);
    const tones = document.createElement('div');
    tones.className = 'emoji-tones';
    tones.setAttribute('role', 'radiogroup');
    tones.setAttribute('aria-label', t('emoji.tone'));
    tones.hidden = true;
    TONES.forEach((hand, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = hand;
      b.title = TONE_NAMES[i];
      b.setAttribute('role', 'radio');
      b.dataset.tone = String(i);
      b.onclick = () => {
        localStorage.setItem(TONE_KEY, String(i));
        tones.hidden = true;
        this.showTone();
        this.render();
      };
      tones.append(b);
    });
    toneButton.onclick = () => { tones.hidden = !tones.hidden; };
    const nav = document.createElement('nav');
    nav.className = 'emoji-nav';
    nav.setAttribute('aria-label', t('emoji.categories'));
    const grid = document.createElement('div');
    grid.className = 'emoji-grid';
    root.append(top, tones, nav, grid);
    document.body.append(root);
    const sections = [[t('emoji.recent'), '🕘'],
      ...data.categories.map((c, i) => [categoryName(data, i), CATEGORY_ICONS[i] || '•'])];
    sections.forEach(([name, icon], i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = icon;
      b.title = name;
      b.setAttribute('aria-label', name);
      b.onclick = () => {
        search.value = '';
        this.render();
        const heading = grid.querySelector('[data-section="' + i + '"]');
        if (heading) grid.scrollTop = heading.offsetTop - grid.offsetTop;
      };
      nav.append(b);
    });
    search.addEventListener('input', () => this.render());
    root.addEventListener('keydown', event => this.onKey(event));
    grid.addEventListener('click', event => {
      const b = event.target.closest('button[data-emoji]');
      if (b) this.pick(b.dataset.emoji);
    });
    document.addEventListener('pointerdown', event => {
      if (!root.hidden && !root.contains(event.target) && !(this.opener && this.opener.contains(event.target))) {
        this.close(false);
      }
    });
    Object.assign(this, { root, search, grid, toneButton, tones, data });
    this.showTone();
  }

  showTone() {
    this.toneButton.textContent = TONES[tone()];
    this.toneButton.setAttribute('aria-label', t('emoji.toneIs', { tone: TONE_NAMES[tone()] }));
    for (const b of this.tones.children) b.setAttribute('aria-checked', String(b.dataset.tone === String(tone())));
  }

  cell(entry) {
    const b = document.createElement('button');
    b.type = 'button';
    const shown = toned(entry);
    b.textContent = shown;
    b.dataset.emoji = shown;
    b.title = entry.n + (entry.s.length ? '  :' + entry.s[0] + ':' : '');
    b.setAttribute('aria-label', entry.n);
    return b;
  }

  /** Draws the grid: the search's results, or every section (recently used first). */
  render() {
    const { grid, data } = this;
    const words = this.search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const fragment = document.createDocumentFragment();
    const heading = (text, index) => {
      const h = document.createElement('h3');
      h.textContent = text;
      h.dataset.section = String(index);
      fragment.append(h);
    };
    if (words.length) {
      const found = data.emoji.filter(entry => matches(entry, words)).slice(0, MAX_RESULTS);
      heading(found.length ? t('emoji.results') : t('emoji.none'), 0);
      const box = document.createElement('div');
      box.className = 'emoji-cells';
      found.forEach(entry => box.append(this.cell(entry)));
      fragment.append(box);
    } else {
      const byEmoji = new Map(data.emoji.map(entry => [entry.e, entry]));
      const recent = stored(RECENT_KEY, []).filter(e => typeof e === 'string');
      const sections = [recent.map(e => byEmoji.get(e) || { e, n: e, s: [] }), ...data.categories.map(() => [])];
      for (const entry of data.emoji) sections[entry.c + 1].push(entry);
      sections.forEach((entries, i) => {
        if (!entries.length) return;
        heading(i === 0 ? t('emoji.recent') : categoryName(data, i - 1), i);
        const box = document.createElement('div');
        box.className = 'emoji-cells';
        entries.forEach(entry => box.append(this.cell(entry)));
        fragment.append(box);
      });
    }
    grid.replaceChildren(fragment);
  }

  /** Opens next to {@code anchor}; {@code onPick(emoji)} gets what is chosen. */
  async open(anchor, onPick) {
    let data;
    try {
      data = await emojiData();
    } catch (e) {
      return false;
    }
    if (!this.root) this.build(data);
    this.onPick = onPick;
    this.opener = anchor;
    this.search.value = '';
    this.tones.hidden = true;
    this.render();
    this.root.hidden = false;
    const box = anchor.getBoundingClientRect();
    const width = this.root.offsetWidth;
    const height = this.root.offsetHeight;
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    const above = box.top - height - 6;
    this.root.style.left = left + 'px';
    this.root.style.top = (above >= 8 ? above : Math.min(box.bottom + 6, window.innerHeight - height - 8)) + 'px';
    this.grid.scrollTop = 0;
    this.search.focus();
    return true;
  }

  isOpen() {
    return !!this.root && !this.root.hidden;
  }

  pick(emoji) {
    used(emoji);
    const onPick = this.onPick;
    this.close(true);
    if (onPick) onPick(emoji);
  }

  close(picked) {
    if (!this.root || this.root.hidden) return;
    this.root.hidden = true;
    const opener = this.opener;
    this.onPick = null;
    this.opener = null;
    if (!picked && opener && opener.isConnected) opener.focus();
  }

  onKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close(false);
      return;
    }
    const cells = [...this.grid.querySelectorAll('button[data-emoji]')];
    if (event.key === 'Enter' && event.target === this.search) {
      event.preventDefault();
      if (cells.length) this.pick(cells[0].dataset.emoji);
      return;
    }
    const arrows = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -8, ArrowDown: 8 };
    if (!(event.key in arrows)) return;
    const at = cells.indexOf(document.activeElement);
    if (at < 0 && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const next = cells[Math.max(0, Math.min(cells.length - 1, at < 0 ? 0 : at + arrows[event.key]))];
    if (next) next.focus();
  }
}

export const picker = new EmojiPicker();
