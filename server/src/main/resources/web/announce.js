/*
 * What a screen reader hears of new messages: one polite sentence at most every ANNOUNCE_MS, however many arrive.
 * One message is read as "Bob: its words"; a burst as "12 new messages from Bob, Cy and 3 others". The message
 * lists themselves are not live regions, so a replay of a hundred messages is not read out one by one.
 */
import { $ } from './dom.js';

const ANNOUNCE_MS = 1500;
const MAX_WORDS = 160;
const region = $('announcer');
let waiting = [];
let timer = 0;

/** A message from someone else arrived where the reader is looking. */
export function announceArrival(message) {
  waiting.push(message);
  if (!timer) timer = setTimeout(speak, ANNOUNCE_MS);
}

function speak() {
  timer = 0;
  const batch = waiting;
  waiting = [];
  if (!batch.length) return;
  if (batch.length === 1) {
    const [message] = batch;
    const words = (message.deleted ? 'message deleted' : message.text || '').replace(/\s+/g, ' ').trim();
    const files = (message.files || []).length;
    region.textContent = message.author + ': ' + (words.length > MAX_WORDS ? words.slice(0, MAX_WORDS) + '…' : words)
        + (files ? (words ? ', ' : '') + (files === 1 ? 'a file' : files + ' files') : '');
    return;
  }
  const authors = [...new Set(batch.map(message => message.author))];
  const named = authors.length <= 3 ? authors
      : [...authors.slice(0, 2), (authors.length - 2) + ' others'];
  region.textContent = batch.length + ' new messages from '
      + (named.length === 1 ? named[0] : named.slice(0, -1).join(', ') + ' and ' + named[named.length - 1]);
}
