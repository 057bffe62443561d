/*
 * What a screen reader hears of new messages: one polite sentence at most every ANNOUNCE_MS, however many arrive.
 * One message is read as "Bob: its words"; a burst as "12 new messages from Bob, Cy and 3 others". The message
 * lists themselves are not live regions, so a replay of a hundred messages is not read out one by one.
 */
import { t, tn, joinNames } from './i18n.js';
import { $ } from './dom.js';

const ANNOUNCE_MS = 1500;
const MAX_WORDS = 160;
const region = $('announcer');
let waiting = [];
let timer = 0;

/** The ids announced lately: a message a reconnected stream brings again is not read out twice. */
const announced = new Set();
const REMEMBERED = 500;

/** A message from someone else arrived where the reader is looking. */
export function announceArrival(message) {
  if (message.id && announced.has(message.id)) return;
  if (message.id) {
    announced.add(message.id);
    if (announced.size > REMEMBERED) announced.delete(announced.values().next().value);
  }
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
    const words = (message.deleted ? t('message.deleted') : message.text || '').replace(/\s+/g, ' ').trim();
    const files = (message.files || []).length;
    const shown = words.length > MAX_WORDS ? words.slice(0, MAX_WORDS) + '…' : words;
    region.textContent = t('announce.message', { author: message.author, words: shown })
        + (files ? (words ? ', ' : '') + tn('announce.files', files) : '');
    return;
  }
  const authors = [...new Set(batch.map(message => message.author))];
  const named = authors.length <= 3 ? authors : [...authors.slice(0, 2), tn('announce.others', authors.length - 2)];
  region.textContent = tn('announce.burst', batch.length, { names: joinNames(named) });
}
