/*
 * How one message is drawn in Hubbub's page: its author, time and text (as the server read it: bold, code, quotes,
 * lists, links, mentions, room links; everything a person typed goes in as text, never HTML), its files, the quote of
 * the message it answers; and how a change the stream announces replaces it. The message window (conversation.js) draws each message with these.
 */
import { t, locale } from './i18n.js';
import { renderFiles } from './files.js';

const TIME = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const FULL = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' });
const DATE = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' });

function dayKey(date) {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

function dayLabel(date) {
  const today = new Date();
  if (dayKey(date) === dayKey(today)) return t('day.today');
  if (dayKey(date) === dayKey(new Date(today.getTime() - 86400000))) return t('day.yesterday');
  return DATE.format(date);
}

/** Only these links are followed, whatever a message says (the server sends no others). */
function safeHref(href) {
  return /^(https?:|mailto:)/i.test(href || '') ? href : null;
}

/** Draws a message's runs (bold, links, mentions…) into `container`, as text and elements, never as HTML. */
function drawRuns(container, runs, isMe) {
  for (const run of runs || []) {
    let element = null;
    switch (run.t) {
      case 'text': container.append(run.text); continue;
      case 'br': container.append(document.createElement('br')); continue;
      case 'b': element = document.createElement('strong'); break;
      case 'i': element = document.createElement('em'); break;
      case 's': element = document.createElement('del'); break;
      case 'code':
        element = document.createElement('code');
        element.textContent = run.text;
        container.append(element);
        continue;
      case 'link': {
        const href = safeHref(run.href);
        if (!href) { drawRuns(container, run.c, isMe); continue; }
        element = document.createElement('a');
        element.href = href;
        element.target = '_blank';
        element.rel = 'noopener noreferrer';
        break;
      }
      case 'mention':
        element = document.createElement('span');
        element.className = 'mention';
        if (run.everyone || (run.name && isMe(run.name))) element.classList.add('me');
        element.textContent = run.text;
        container.append(element);
        continue;
      case 'room':
        element = document.createElement('a');
        element.className = 'room-link';
        element.href = '#' + encodeURIComponent(run.id);
        element.textContent = run.text;
        container.append(element);
        continue;
      default:
        // A kind this page does not know: its words.
        if (run.text) container.append(run.text);
        else drawRuns(container, run.c, isMe);
        continue;
    }
    drawRuns(element, run.c, isMe);
    container.append(element);
  }
}

/** A code block: monospace, whitespace kept, scrolled sideways, with a button that copies it. */
function codeBlock(block) {
  const box = document.createElement('div');
  box.className = 'code-block';
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  code.textContent = block.text;
  if (block.lang) code.dataset.lang = block.lang;
  pre.append(code);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'copy';
  copy.textContent = t('code.copy');
  copy.title = t('code.copyTitle');
  copy.onclick = () => {
    navigator.clipboard?.writeText(block.text).then(() => {
      copy.textContent = t('code.copied');
      setTimeout(() => { copy.textContent = t('code.copy'); }, 1500);
    }, () => { copy.textContent = t('code.selectAndCopy'); });
  };
  box.append(pre, copy);
  return box;
}

/** Draws a message's blocks (paragraphs, code, quotes, lists) into `container`. */
function drawBlocks(container, blocks, isMe) {
  for (const block of blocks || []) {
    switch (block.t) {
      case 'p': {
        const p = document.createElement('p');
        drawRuns(p, block.c, isMe);
        container.append(p);
        break;
      }
      case 'code': container.append(codeBlock(block)); break;
      case 'quote': {
        const quote = document.createElement('blockquote');
        drawBlocks(quote, block.c, isMe);
        container.append(quote);
        break;
      }
      case 'ul':
      case 'ol': {
        const list = document.createElement(block.t);
        if (block.t === 'ol' && block.start !== 1) list.start = block.start;
        for (const item of block.items || []) {
          const li = document.createElement('li');
          drawBlocks(li, item, isMe);
          list.append(li);
        }
        container.append(list);
        break;
      }
      default: {
        const p = document.createElement('p');
        if (block.text) p.append(block.text);
        else drawRuns(p, block.c, isMe);
        container.append(p);
      }
    }
  }
}

/**
 * A message's text as the server read it: its content (formatting, links, mentions, room links) when it has any,
 * else its text as it is. The page reads nothing into a text itself.
 */
function renderBody(container, message, isMe) {
  container.replaceChildren();
  container.dir = 'auto';
  if (message.content && message.content.length) {
    container.classList.add('rich');
    drawBlocks(container, message.content, isMe);
  } else {
    container.classList.remove('rich');
    container.textContent = message.text;
  }
  if (container.parentNode) collapseIfLong(container, message.text || '');
}

/** A message longer than this many lines or characters shows its start, with "Show more" (the app's rule too). */
const LONG_LINES = 12;
const LONG_CHARS = 1000;

function isLong(text) {
  if (text.length > LONG_CHARS) return true;
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0 && lines <= LONG_LINES; at = text.indexOf('\n', at + 1)) lines++;
  return lines > LONG_LINES;
}

function collapseIfLong(body, text) {
  const next = body.nextElementSibling;
  const had = next && next.classList.contains('show-more') ? next : null;
  const long = isLong(text);
  body.classList.toggle('collapsed', long && !(had && had.dataset.open === 'true'));
  if (!long) {
    if (had) had.remove();
    return;
  }
  if (had) return;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'show-more link';
  more.textContent = t('message.showMore');
  more.setAttribute('aria-expanded', 'false');
  more.onclick = () => {
    const open = body.classList.toggle('collapsed') === false;
    more.dataset.open = String(open);
    more.textContent = open ? t('message.showLess') : t('message.showMore');
    more.setAttribute('aria-expanded', String(open));
  };
  body.after(more);
}

/** Names whose picture changed while this page is open, with when: their avatars are asked for afresh. */
const changedAvatars = new Map();

/** Someone's picture changed (the reader's own, just now): every avatar of theirs is fetched again. */
function refreshAvatar(name) {
  changedAvatars.set(name, Date.now());
  for (const img of document.querySelectorAll('img.avatar')) {
    if (img.dataset.name === name) img.src = avatarUrl(name);
  }
}

function avatarUrl(name) {
  const changed = changedAvatars.get(name);
  return '/avatars/' + encodeURIComponent(name) + (changed ? '?v=' + changed : '');
}

/**
 * A person's picture, as the server has it: the one they set, or their initials on their colour (drawn by the
 * server, so every client shows the same).
 */
function avatar(name) {
  const img = document.createElement('img');
  img.className = 'avatar';
  img.dataset.name = name;
  img.src = avatarUrl(name);
  img.alt = '';
  img.width = img.height = 24;
  img.loading = 'lazy';
  img.decoding = 'async';
  img.onerror = () => { img.style.visibility = 'hidden'; };   // offline: a blank, not a broken picture
  return img;
}

function setTime(li, sentAt) {
  const when = li.querySelector('time');
  const date = new Date(sentAt);
  when.dateTime = sentAt;
  when.textContent = TIME.format(date);
  when.title = FULL.format(date);
}

/** A small mark beside the author's name: its words, and what it means when pointed at. */
function authorBadge(className, words, meaning) {
  const badge = document.createElement('span');
  badge.className = className;
  badge.textContent = words;
  badge.title = meaning;
  return badge;
}

/**
 * The list item of one message: author, time, delivery state, text, files.
 * @param message what to draw: {author, text, content, sentAt, files, verified, app}
 */
function messageItem(message, mine, isMe) {
  const { author, sentAt, files } = message;
  // An app is marked as one; "not signed in" is about a person who could be anyone.
  const app = message.app === true;
  const unverified = message.verified === false && !app;
  const li = document.createElement('li');
  const meta = document.createElement('div');
  meta.className = 'meta';
  const who = document.createElement('span');
  who.className = 'author';
  who.textContent = author;
  meta.append(avatar(author));
  const when = document.createElement('time');
  when.className = 'time';
  const status = document.createElement('span');
  status.className = 'state';
  meta.append(who);
  if (app) meta.append(authorBadge('app-badge', t('message.app'), t('message.appTitle')));
  if (unverified) meta.append(authorBadge('unverified', t('message.unverified'), t('message.unverifiedTitle')));
  meta.append(when, status);
  const body = document.createElement('div');
  body.className = 'body';
  body.dir = 'auto'; // a message in Arabic reads right to left on an English page, and the other way round
  renderBody(body, message, isMe);
  li.append(meta, body);
  collapseIfLong(body, message.text || '');
  const attached = renderFiles(files);
  if (attached) li.append(attached);
  if (sentAt) setTime(li, sentAt);
  if (mine) li.classList.add('mine');
  return li;
}

const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '🙏'];

/**
 * Shows a message as an edit, a deletion or a reaction left it: the stream's event carries the message as the
 * server says it stands right after (`message`), which replaces what this page holds of it, in place (the page
 * works out nothing itself). An event without it (a message the server no longer keeps) changes nothing.
 */
function replace(message, change) {
  const now = change.message;
  if (!now || now.id !== message.id) return;
  for (const key of Object.keys(message)) {
    if (!(key in now)) delete message[key];
  }
  Object.assign(message, now);
}

/** The quote a reply shows of the message it answers; clicking it goes there. */
function quoteElement(replyTo, reveal) {
  const quote = document.createElement('button');
  quote.type = 'button';
  quote.className = 'quote';
  quote.title = t('message.showQuoted');
  const who = document.createElement('span');
  who.className = 'quote-author';
  who.textContent = replyTo.author;
  quote.append(who, ' ', replyTo.text || '📎');
  quote.onclick = () => reveal(replyTo.id);
  return quote;
}

/**
 * @param list the scrolling <ol> of messages
 * @param jump the "New messages ↓" button
 * @param options
 *   isMine(author): whether a message is the reader's own
 *   history({before|after, limit}): resolves to a page of GET /chat/history ({messages, more}), or null
 *   onArrived(count): messages from others were added (for the unread count of a hidden tab)
 *   onReply(message), onEdit(message), onDelete(message): the reader chose to do that to a message
 *   onReact(message, emoji, add): the reader added (or took back) a reaction
 */

export { FULL, TIME, avatar, refreshAvatar, dayKey, dayLabel, renderBody, setTime, messageItem, REACTIONS, replace, quoteElement };
