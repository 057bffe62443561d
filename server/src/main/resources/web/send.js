/*
 * Sending a message, from the conversation's composer or a thread's: shown at once in the window it was written in
 * as "sending…", then as the server stored it, or failed with the server's sentence and a Retry. The same client id
 * goes with every retry, so a post whose answer was lost is stored once.
 */
import { changed, isDirect, personOf } from './state.js';

/**
 * @param window the message window it was written in (conversation.js)
 * @param draft {words, where, files, replyTo, thread, alsoInRoom}: where is the conversation; thread the root's id
 *     when it is a reply in a thread, and alsoInRoom whether it goes to the conversation too
 * @param existing the item of an earlier try, when this is a retry
 */
export async function post(window, draft, clientId, existing = null) {
  const { words, where, files, replyTo, thread, alsoInRoom } = draft;
  if (existing) window.markPending(clientId, existing);
  else window.addPending(clientId, window.options.me(), words, files);
  const body = { text: words, clientId };
  if (replyTo) body.replyTo = replyTo;
  if (thread) body.thread = thread;
  if (thread && alsoInRoom) body.alsoInRoom = true;
  if (files.length) body.files = files.map(file => file.id);
  if (isDirect(where)) body.to = personOf(where);
  else body.room = where;
  let reason;
  try {
    const response = await fetch('/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      window.acknowledged(clientId, await response.json());
      changed('notice', '');
      return true;
    }
    reason = (await response.text()).trim() || ('the server answered ' + response.status);
  } catch (e) {
    reason = 'could not reach the server';
  }
  window.failed(clientId, reason, li => post(window, draft, clientId, li));
  return false;
}
