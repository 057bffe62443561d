/*
 * Drafts: what the reader had typed in each conversation and not sent, kept in localStorage so that it is still
 * there after switching away and back, after a reload and after the browser restarts. One entry per conversation,
 * the most recently written first; at most MAX_DRAFTS of them, each cut at the longest text the server takes.
 * Signing out forgets them (they may be private).
 */
import { stored } from './dom.js';

const DRAFTS_KEY = 'hubbub.drafts';
const MAX_DRAFTS = 50;
const MAX_CHARS = 4000;

function read() {
  const kept = stored(DRAFTS_KEY, {});
  return kept && typeof kept === 'object' && !Array.isArray(kept) ? kept : {};
}

/** The draft kept for a conversation, or ''. */
export function draftOf(conversation) {
  const kept = read()[conversation];
  return typeof kept === 'string' ? kept : '';
}

/** Keeps (or, when blank, forgets) the draft of a conversation. Read afresh each time: other tabs write too. */
export function keepDraft(conversation, text) {
  const kept = read();
  delete kept[conversation];
  const drafts = text.trim() ? { [conversation]: text.slice(0, MAX_CHARS), ...kept } : kept;
  const newest = Object.fromEntries(Object.entries(drafts).slice(0, MAX_DRAFTS));
  try {
    localStorage.setItem(DRAFTS_KEY, JSON.stringify(newest));
  } catch (e) {
    // Storage full or refused: the draft stays in the box, just not across a reload.
  }
}

export function forgetDrafts() {
  localStorage.removeItem(DRAFTS_KEY);
}
