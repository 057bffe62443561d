/*
 * The page's keyboard shortcuts, in one place, and the sheet that lists them (? outside a text box, or Ctrl+/):
 *
 *   Ctrl+K / Cmd+K        the quick switcher (switcher.js)
 *   Alt+↑ / Alt+↓         the conversation above / below in the side list
 *   Alt+Shift+↑ / ↓       the unread conversation above / below
 *   Escape                closes what is open: a dialog (the browser does), the thread panel, search results
 *   ? or Ctrl+/           this sheet
 *
 * The keys on a focused message (↑ ↓, R, T, E, P, +, Delete, Enter, Escape) are the message window's
 * (conversation.js); the box's (Enter, Shift+Enter, ↑ to edit, Ctrl+B/I/E) the composer's.
 */
import { $ } from './dom.js';
import { placesInOrder } from './places.js';
import { closeResults } from './search.js';
import { toggleSwitcher } from './switcher.js';
import { closeThread } from './thread.js';
import { hashOf, state } from './state.js';

const sheet = $('shortcuts');

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** The conversation {@code step} places from the one shown in the side list; unread ones only when asked. */
function move(step, unreadOnly) {
  const order = placesInOrder();
  if (!order.length) return;
  let at = order.indexOf(state.active);
  for (let tries = 0; tries < order.length; tries++) {
    at = (at + step + order.length) % order.length;
    const key = order[at];
    if (key === state.active) return;
    if (!unreadOnly || (state.unread.get(key) || 0) > 0) {
      location.hash = hashOf(key);
      return;
    }
  }
}

export function toggleSheet() {
  if (sheet.open) sheet.close();
  else sheet.showModal();
}

document.addEventListener('keydown', event => {
  if (event.defaultPrevented || event.isComposing) return;
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey && (event.key === 'k' || event.key === 'K')) {
    event.preventDefault();
    toggleSwitcher();
  } else if (command && event.key === '/') {
    event.preventDefault();
    toggleSheet();
  } else if (event.altKey && !command && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
    if (!state.me || document.querySelector('dialog[open]')) return;
    event.preventDefault();
    move(event.key === 'ArrowUp' ? -1 : 1, event.shiftKey);
  } else if (event.key === '?' && !command && !event.altKey && !typing(event.target)) {
    event.preventDefault();
    toggleSheet();
  } else if (event.key === 'Escape' && !document.querySelector('dialog[open]')) {
    // The boxes and the pickers close their own things first (they stop the event); this is what is left open.
    if (!$('search-results').hidden) {
      closeResults();
      $('text').focus();
    } else if (!$('thread-panel').hidden && !typing(event.target)) {
      closeThread();
    }
  }
});
$('shortcuts-close').addEventListener('click', () => sheet.close());
$('shortcuts-button').addEventListener('click', toggleSheet);
