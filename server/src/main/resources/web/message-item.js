/*
 * How one message is drawn in Hubbub's page: its author, time and text (links and mentions marked, everything else
 * as text, never HTML), its files, the quote of the message it answers; and how a change the stream announces
 * replaces it. The message window (conversation.js) draws each message with these.
 */
import { renderFiles } from './files.js';

const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const FULL = new Intl.DateTimeFormat([], { dateStyle: 'full', timeStyle: 'medium' });
const DATE = new Intl.DateTimeFormat([], { weekday: 'long', day: 'numeric', month: 'long' });
const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

function dayKey(date) {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

function dayLabel(date) {
  const today = new Date();
  if (dayKey(date) === dayKey(today)) return 'Today';
  if (dayKey(date) === dayKey(new Date(today.getTime() - 86400000))) return 'Yesterday';
  return DATE.format(date);
}

const EVERYONE = ['room', 'here', 'everyone'];

/**
 * Plain text with the message's mentions marked: "@Ann" for each name the server found in it, and @room (@here,
 * @everyone); those that reach the reader (their name, or everyone) are marked strongly.
 */
function appendMentioned(container, text, mentions) {
  if (!mentions || !text.includes('@')) {
    container.append(text);
    return;
  }
  const words = mentions.names.concat(mentions.room ? EVERYONE : [])
      .sort((a, b) => b.length - a.length)
      .map(word => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) {
    container.append(text);
    return;
  }
  const pattern = new RegExp('(^|[^\\p{L}\\p{N}])@(' + words.join('|') + ')(?![\\p{L}\\p{N}])', 'giu');
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1].length;
    container.append(text.slice(at, start));
    const mark = document.createElement('span');
    mark.className = 'mention';
    const word = match[2];
    if (EVERYONE.includes(word.toLowerCase()) || mentions.isMe(word)) mark.classList.add('me');
    mark.textContent = '@' + word;
    container.append(mark);
    at = start + 1 + word.length;
  }
  container.append(text.slice(at));
}

/** Text with http(s) links made clickable and mentions marked; everything else stays plain text nodes. */
function renderText(container, text, mentions) {
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    appendMentioned(container, text.slice(at, match.index), mentions);
    const link = document.createElement('a');
    link.href = match[0];
    link.textContent = match[0];
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    container.append(link);
    at = match.index + match[0].length;
  }
  appendMentioned(container, text.slice(at), mentions);
}

function setTime(li, sentAt) {
  const when = li.querySelector('time');
  const date = new Date(sentAt);
  when.dateTime = sentAt;
  when.textContent = TIME.format(date);
  when.title = FULL.format(date);
}

/** The list item of one message: author, time, delivery state, text, files. */
function messageItem(author, text, sentAt, mine, unverified, files, mentions) {
  const li = document.createElement('li');
  const meta = document.createElement('div');
  meta.className = 'meta';
  const who = document.createElement('span');
  who.className = 'author';
  who.textContent = author;
  const when = document.createElement('time');
  when.className = 'time';
  const status = document.createElement('span');
  status.className = 'state';
  meta.append(who);
  if (unverified) {
    const badge = document.createElement('span');
    badge.className = 'unverified';
    badge.textContent = 'not signed in';
    badge.title = 'Posted without signing in: anyone could have used this name';
    meta.append(badge);
  }
  meta.append(when, status);
  const body = document.createElement('div');
  body.className = 'body';
  renderText(body, text, mentions);
  li.append(meta, body);
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
  quote.title = 'Show the message this answers';
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

export { FULL, dayKey, dayLabel, renderText, setTime, messageItem, REACTIONS, replace, quoteElement };
