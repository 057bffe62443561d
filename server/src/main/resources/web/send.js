/*
 * Sending a message, from the conversation's composer or a thread's: shown at once in the window it was written in
 * as "sending…", then as the server stored it, or failed with the server's sentence and a Retry. It goes through
 * the outbox (outbox.js), so it waits, in order, while the server cannot be reached, and survives a reload. The same
 * client id goes with every try, so a post whose answer was lost is stored once.
 */
import { send } from './outbox.js';
import { isDirect, personOf } from './state.js';

/**
 * @param window the message window it was written in (conversation.js)
 * @param draft {words, where, files, replyTo, thread, alsoInRoom}: where is the conversation; thread the root's id
 *     when it is a reply in a thread, and alsoInRoom whether it goes to the conversation too
 */
export function post(window, draft, clientId) {
  const { words, where, files, replyTo, thread, alsoInRoom } = draft;
  const body = { text: words, clientId };
  if (replyTo) body.replyTo = replyTo;
  if (thread) body.thread = thread;
  if (thread && alsoInRoom) body.alsoInRoom = true;
  if (files.length) body.files = files.map(file => file.id);
  if (isDirect(where)) body.to = personOf(where);
  else body.room = where;
  return send(window, { ...draft, body }, clientId);
}
