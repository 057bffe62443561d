/*
 * Searching every room and one's own direct messages (GET /search): the newest results first, each with where and
 * when, its words marked; choosing one shows it in its conversation ('jump').
 */
import { t, tn, locale } from './i18n.js';
import { humanSize } from './files.js';
import { $, UNREACHABLE } from './dom.js';
import { changed, conversationLabel, conversationOf, on } from './state.js';

const field = $('search');
const results = $('search-results');
const summary = $('search-summary');
const list = $('search-list');

/** The words of a search marked in a result's text (as text nodes and <mark>, never HTML). */
function markWords(container, text, words) {
  const wanted = words.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).filter(Boolean);
  if (!wanted.length) {
    container.append(text);
    return;
  }
  const pattern = new RegExp('(' + wanted.join('|') + ')', 'giu');
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    container.append(text.slice(at, match.index));
    const mark = document.createElement('mark');
    mark.textContent = match[0];
    container.append(mark);
    at = match.index + match[0].length;
  }
  container.append(text.slice(at));
}

async function search(query) {
  results.hidden = false;
  summary.textContent = t('search.searching');
  list.replaceChildren();
  let answer;
  try {
    const response = await fetch('/search?q=' + encodeURIComponent(query));
    if (!response.ok) {
      summary.textContent = (await response.text()).trim();
      return;
    }
    answer = await response.json();
  } catch (e) {
    summary.textContent = UNREACHABLE;
    return;
  }
  const count = answer.results.length;
  summary.textContent = count === 0 ? t('search.nothing', { query })
      : answer.more ? tn('search.newest', count, { query }) : tn('search.found', count, { query });
  const words = query.split(/\s+/);
  list.replaceChildren(...answer.results.map(message => {
    const item = document.createElement('li');
    const go = document.createElement('button');
    go.type = 'button';
    const where = document.createElement('div');
    where.className = 'where';
    const key = conversationOf(message);
    where.textContent = conversationLabel(key) + ' · ' + message.author + ' · '
        + new Date(message.sentAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const text = document.createElement('div');
    markWords(text, message.text, words);
    go.append(where, text);
    // Its files, each a line with its name (the words marked) and size: a file is found by its name too.
    for (const file of message.files || []) {
      const line = document.createElement('div');
      line.className = 'file-result';
      line.append('📎 ');
      const name = document.createElement('span');
      markWords(name, file.name, words);
      line.append(name, ' · ' + humanSize(file.size));
      go.append(line);
    }
    go.onclick = () => changed('jump', { where: key, id: message.id,
      thread: message.thread && message.thread.root !== message.id ? message.thread.root : null });
    item.append(go);
    return item;
  }));
}

/** The results close when the reader goes to one, or closes them. */
export function closeResults() {
  results.hidden = true;
}

on('signed-in', () => { field.disabled = false; });
$('search-form').addEventListener('submit', event => {
  event.preventDefault();
  const query = field.value.trim();
  if (query) search(query);
});
field.addEventListener('keydown', event => {
  if (event.key === 'Escape') closeResults();
});
$('search-close').addEventListener('click', closeResults);
