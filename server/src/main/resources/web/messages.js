/*
 * The conversation shown: the page's one message window (conversation.js), reading older pages from
 * GET /chat/history for whichever conversation is shown. What the reader does to a message (reply, edit, delete,
 * react) goes out as an intent ('compose', 'delete', 'react') for the composer.
 */
import { MessageWindow } from './conversation.js';
import { $ } from './dom.js';
import { EPOCH_KEY, changed, isDirect, isMine, personOf, state } from './state.js';

/** A page of GET /chat/history for the conversation shown, or null when it cannot be had. */
async function loadHistory(query) {
  const asked = state.active;
  const params = new URLSearchParams();
  if (isDirect(asked)) params.set('with', personOf(asked));
  else params.set('room', asked);
  for (const [key, value] of Object.entries(query)) params.set(key, String(value));
  try {
    const response = await fetch('/chat/history?' + params);
    if (!response.ok || asked !== state.active) return null;
    const page = await response.json();
    // Before the stream's hello, a first visit knows no epoch yet: the page's is the history's.
    const known = localStorage.getItem(EPOCH_KEY);
    return known === null || page.epoch === known ? page : null;
  } catch (e) {
    return null;
  }
}

export const messages = new MessageWindow($('messages'), $('jump'), {
  isMine,
  me: () => state.me,
  isHost: () => state.host,
  history: loadHistory,
  onOpenThread: (message, reply) => changed('open-thread', { message, reply }),
  onPin: (message, pin) => changed('pin', { message, pin }),
  onReply: message => changed('compose', { mode: 'reply', message }),
  onEdit: message => changed('compose', { mode: 'edit', message }),
  onDelete: message => changed('delete', message),
  onReact: (message, emoji, add) => changed('react', { message, emoji, add }),
  onLeave: () => $('text').focus(),
  onArrived: count => {
    if (document.hidden) {
      state.titleUnread += count;
      changed('title');
    }
  },
});
