/*
 * The message list of Hubbub's page: a window of the conversation, kept small and drawn in batches, so a busy room
 * (a replay of a thousand missed messages, a bot, a class answering at once) costs one DOM update per frame and a
 * bounded document, however many messages arrive.
 *
 * - Messages that arrive are queued and drawn once per animation frame (or every 250 ms in a hidden tab, where
 *   frames do not run), in one fragment; all writes first, then at most one layout read to follow the bottom.
 * - Ids are opaque: messages are shown in the order the server sends them, each once.
 * - While the reader is at the bottom, the list follows the newest message and keeps only the newest WINDOW.
 * - Scrolling up loads older messages from GET /chat/history, a page at a time, keeping the reader's place. The
 *   document never holds more than MAX_SHOWN messages: past that, the far end is dropped and loaded again when the
 *   reader comes back to it. A window that no longer reaches the newest message is "detached": live messages wait
 *   in a bounded tail, and "New messages ↓" jumps back to the present.
 * - Messages are text: everything a person typed goes into the page through textContent, never as HTML.
 */
import { t, tn, joinNames, say } from './i18n.js';
import { picker as emojiPicker } from './emoji.js';
import {
  FULL, REACTIONS, TIME, dayKey, dayLabel, messageItem, quoteElement, renderBody, replace, setTime,
} from './message-item.js';

const WINDOW = 500;
const MAX_SHOWN = 3000;
const PAGE = 100;
const FOLLOW_SLACK_PX = 80;
const LOAD_AHEAD_PX = 600;
const HIDDEN_FLUSH_MS = 250;

/** Messages one person sends within this time of the one before share its header, as in Slack. */
const GROUP_MS = 5 * 60 * 1000;
const LONG_PRESS_MS = 500;

/** Each action's keys on a focused message: what its title shows, what aria-keyshortcuts says, the keys. */
const ACTION_KEYS = {
  react: { shown: '+', aria: '+', keys: ['+'] },
  reply: { shown: 'R', aria: 'R', keys: ['r', 'R'] },
  thread: { shown: 'T', aria: 'T', keys: ['t', 'T'] },
  pin: { shown: 'P', aria: 'P', keys: ['p', 'P'] },
  edit: { shown: 'E', aria: 'E', keys: ['e', 'E'] },
  delete: { shown: 'Delete', aria: 'Delete', keys: ['Delete', 'Backspace'] },
};

/** Whether a message continues the one before it: same person, same day, a few minutes apart, neither a notice. */
function continues(previous, entry) {
  if (!previous || previous.day !== entry.day) return false;
  const a = previous.message;
  const b = entry.message;
  return !!a && !!b && !a.notice && !b.notice && a.author === b.author && a.verified === b.verified
      && !!a.app === !!b.app && entry.date - previous.date < GROUP_MS && entry.date >= previous.date;
}

class MessageWindow {
  constructor(list, jump, options) {
    this.list = list;
    this.jump = jump;
    this.options = options;
    this.shown = [];            // {id, day, date, li, divider}, in id order
    this.byId = new Map();      // id -> entry, for everything in shown
    this.pending = new Map();   // client id -> <li> of our own message not yet back from the stream
    this.incoming = [];         // arrived, not drawn yet
    this.tail = [];             // while detached: the newest messages that arrived, at most WINDOW
    this.tailIds = new Set();
    this.tailAdds = 0;          // how many ever went into the tail, to tell what arrived during a request
    this.live = true;           // the window reaches the newest message
    this.following = true;      // the reader is at the bottom, so the list follows new messages
    this.hasOlder = true;       // unknown until the history says there is nothing older
    this.missedHistory = false; // the newest messages could not be loaded (the server was down): load on recover()
    this.loading = false;
    this.generation = 0;        // bumped by a reset or a jump, so answers to older requests are dropped
    this.unseen = 0;
    this.scheduled = false;
    this.newLine = null;        // the "New messages" line, where the reader left off
    this.unseenWhenShown = 0;   // how many of the newest messages the reader had not seen, until they are drawn
    this.rover = null;          // the one message Tab lands on (the others are reached with the arrows)
    this.roverChosen = false;   // the reader moved to it (else it is the newest, and follows new ones)
    this.edge = document.createElement('li');
    this.edge.className = 'edge';
    this.edge.hidden = true;
    list.append(this.edge);
    list.addEventListener('scroll', () => this.onScroll(), { passive: true });
    const point = event => {
      const li = event.target.closest && event.target.closest('li[data-id]');
      if (li && li !== this.actionsFor) this.showActions(li);
    };
    list.addEventListener('pointerover', point);
    list.addEventListener('focusin', point);
    list.addEventListener('focusin', event => {
      if (event.target.matches && event.target.matches('li[data-id]')) this.rove(event.target);
    });
    list.addEventListener('keydown', event => this.onKey(event));
    this.listenForLongPress(list);
    jump.addEventListener('click', () => this.jumpToPresent());
  }

  /** Messages from the stream, in any number; drawn at the next frame. */
  add(message) {
    this.incoming.push(message);
    this.schedule();
  }

  /**
   * An edit, deletion or reaction from the stream (type and data), in order with the messages: drawn at the next
   * frame, into the message it targets if this window holds it. One it does not hold is as the server says when
   * it is loaded (history pages carry messages as they stand now).
   */
  change(type, data) {
    this.incoming.push({ change: type, data });
    this.schedule();
  }

  /** Shows a change in the message it targets: drawn, about to be drawn, or waiting in the tail. */
  applyChange(item, fresh) {
    const target = item.data.target;
    const entry = this.byId.get(target);
    const apply = message => {
      if (item.change === 'thread') message.thread = item.data.thread;
      else replace(message, item.data);
    };
    if (entry) {
      apply(entry.message);
      if (item.change === 'thread') this.drawThread(entry.li, entry.message);
      else this.decorate(entry.li, entry.message, true);
      return;
    }
    const waiting = fresh.find(m => m.id === target)
        || (this.tailIds.has(target) ? this.tail.find(m => m.id === target) : null);
    if (waiting) apply(waiting);
  }

  /**
   * A thread's root as its newest reply (or anything done to the root) says it stands now: its "N replies" line
   * follows, in order with the rest of the stream.
   */
  threadChanged(rootId, thread) {
    this.change('thread', { target: rootId, thread });
  }

  /** "📌 Pinned by Bob" above a pinned message's text. */
  drawPin(li, message) {
    let mark = li.querySelector('.pinned-mark');
    if (!message.pinned || message.deleted) {
      if (mark) mark.remove();
      li.classList.remove('pinned');
      return;
    }
    if (!mark) {
      mark = document.createElement('div');
      mark.className = 'pinned-mark';
      li.querySelector('.meta').before(mark);
    }
    li.classList.add('pinned');
    mark.textContent = '📌 ' + t('pins.by', { name: message.pinned.by });
    mark.title = t('pins.when', { when: FULL.format(new Date(message.pinned.at)) });
  }

  /**
   * Under a thread's root, in the conversation: how many replies, who took part, when the last came; choosing it
   * opens the thread. Under a reply also sent to the conversation, a link to its thread. Drawn only where the
   * window shows threads that way (not in a thread's own window).
   */
  drawThread(li, message) {
    if (!this.options.onOpenThread) return;
    let line = li.querySelector('.thread-line');
    const thread = message.thread;
    const isRoot = thread && thread.root === message.id && thread.replies > 0;
    const isShared = thread && thread.root !== message.id && message.alsoInRoom;
    if (!isRoot && !isShared) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      line = document.createElement('button');
      line.type = 'button';
      line.className = 'thread-line link';
      const body = li.querySelector('.files') || li.querySelector('.show-more') || li.querySelector('.body');
      body.after(line);
    }
    if (isRoot) {
      const count = tn('thread.count', thread.replies);
      const people = (thread.people || []).join(', ');
      const lastAt = thread.lastReplyAt ? new Date(thread.lastReplyAt) : null;
      const day = lastAt ? dayLabel(lastAt) : '';
      const last = !lastAt ? '' : day === t('day.today') ? t('thread.lastToday', { time: TIME.format(lastAt) })
          : t('thread.last', { day, time: TIME.format(lastAt) });
      line.replaceChildren('💬 ', count);
      if (people) {
        const who = document.createElement('span');
        who.className = 'thread-people';
        who.textContent = ' · ' + people;
        line.append(who);
      }
      if (last) {
        const when = document.createElement('span');
        when.className = 'thread-last';
        when.textContent = ' · ' + last;
        line.append(when);
      }
      line.title = t('thread.open');
      line.onclick = () => this.options.onOpenThread(this.byId.get(message.id)?.message || message);
    } else {
      line.textContent = '↳ ' + t('thread.repliedIn');
      line.title = t('thread.openAnswered');
      line.onclick = () => this.options.onOpenThread({ id: thread.root, room: message.room, to: message.to,
        author: message.author });
    }
  }

  /**
   * Draws what can change about a message: its text (as edited), the "edited" mark, the deleted line, the quote
   * of the message it answers, its reactions, and the actions the reader may take on it.
   */
  decorate(li, message, changed) {
    const meta = li.querySelector('.meta');
    let edited = meta.querySelector('.edited');
    if (message.editedAt && !message.deleted) {
      if (!edited) {
        edited = document.createElement('span');
        edited.className = 'edited';
        edited.textContent = t('message.edited');
        meta.querySelector('.state').before(edited);
      }
      edited.title = t('message.editedAt', { when: FULL.format(new Date(message.editedAt)) });
    } else if (edited) {
      edited.remove();
    }
    if (message.replyTo && !li.querySelector('.quote')) {
      meta.after(quoteElement(message.replyTo, id => this.reveal(id)));
    }
    const body = li.querySelector('.body');
    if (changed || message.deleted) {
      body.replaceChildren();
      if (message.deleted) body.textContent = message.removedBy ? t('message.removed') : t('message.deleted');
      else renderBody(body, message, this.options.isMine);
    }
    li.classList.toggle('deleted', !!message.deleted);
    if (message.deleted) {
      body.classList.remove('collapsed');
      const more = li.querySelector('.show-more');
      if (more) more.remove();
      const files = li.querySelector('.files');
      if (files) files.remove();
      const quote = li.querySelector('.quote');
      if (quote) quote.remove();
    }
    this.drawReactions(li, message);
    this.drawThread(li, message);
    this.drawPin(li, message);
    if (changed && this.actionsFor === li) this.showActions(li);
  }

  drawReactions(li, message) {
    let bar = li.querySelector('.reactions');
    const reactions = message.deleted ? [] : (message.reactions || []);
    if (!reactions.length) {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = document.createElement('div');
      bar.className = 'reactions';
      li.append(bar);
    }
    bar.replaceChildren(...reactions.map(reaction => {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'reaction';
      const mine = reaction.names.some(name => this.options.isMine(name));
      chip.classList.toggle('mine', mine);
      chip.dataset.emoji = reaction.emoji;
      chip.textContent = reaction.emoji + ' ' + reaction.names.length;
      chip.title = t('reactions.who', { names: joinNames(reaction.names), emoji: reaction.emoji });
      chip.setAttribute('aria-pressed', String(mine));
      chip.onclick = () => this.options.onReact(message, reaction.emoji, !mine);
      return chip;
    }));
  }

  /**
   * The actions on the message under the pointer (or holding the focus, or tapped): one toolbar for the whole
   * list, moved to where it is wanted, so a window of hundreds of messages carries no buttons of its own.
   */
  showActions(li) {
    const entry = this.byId.get(li.dataset.id);
    if (!this.options.onReply || !entry) return;
    const message = entry.message;
    const bar = this.actionBar || (this.actionBar = document.createElement('div'));
    bar.className = 'actions';
    this.actionsFor = li;
    if (message.deleted) {
      bar.remove();
      return;
    }
    if (message.notice) {
      bar.remove();
      return;
    }
    const mine = this.options.isMine(message.author) && message.verified !== false;
    const removable = !mine && !message.to && this.options.isHost && this.options.isHost();
    const button = (label, title, action) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.title = title + ' (' + (action === 'delete' ? t('keys.delete') : ACTION_KEYS[action].shown) + ')';
      b.setAttribute('aria-label', title);
      b.setAttribute('aria-keyshortcuts', ACTION_KEYS[action].aria);
      b.className = 'action-' + action;
      b.onclick = event => {
        event.stopPropagation();
        const current = this.byId.get(li.dataset.id);
        if (!current) return;
        this.act(action, li, current.message);
      };
      return b;
    };
    // A thread answers a message of the conversation; it does not branch from a reply in a thread.
    const inThread = message.thread && message.thread.root !== message.id;
    const wanted = [['☺+', t('action.react'), 'react'], ['↩', t('action.reply'), 'reply']];
    if (this.options.onOpenThread && !inThread) wanted.push(['🧵', t('action.thread'), 'thread']);
    if (this.options.onPin) wanted.push(['📌', message.pinned ? t('action.unpin') : t('action.pin'), 'pin']);
    if (mine) wanted.push(['✎', t('action.edit'), 'edit'], ['🗑', t('action.delete'), 'delete']);
    else if (removable) wanted.push(['🗑', t('action.remove'), 'delete']);
    // The same buttons on the same message stay the same elements: a button being pressed or holding the focus
    // is not swapped out from under the pointer or the keyboard when the message changes (a reaction, a receipt).
    const shape = JSON.stringify(wanted);
    if (bar.parentNode === li && bar.dataset.shape === shape) return;
    bar.dataset.shape = shape;
    bar.replaceChildren(...wanted.map(([label, title, action]) => button(label, title, action)));
    li.append(bar);
  }

  /** Does one of a message's actions (a button of its toolbar, or its key). */
  act(action, li, message) {
    if (action === 'react') this.pickReaction(li, message);
    else if (action === 'reply') this.options.onReply(message);
    else if (action === 'thread') this.options.onOpenThread(message, true);
    else if (action === 'pin') this.options.onPin(message, !message.pinned);
    else if (action === 'edit') this.options.onEdit(message);
    else this.options.onDelete(message);
  }

  // ---- the keyboard ----------------------------------------------------------------------------------------

  /**
   * {@code li} is the message Tab comes back to: the one the reader moved to ({@code chosen}), else the newest.
   */
  rove(li, chosen = true) {
    this.roverChosen = chosen;
    if (this.rover === li) return;
    if (this.rover) this.rover.tabIndex = -1;
    this.rover = li;
    li.tabIndex = 0;
  }

  /** After the messages changed: unless the reader moved to a message still shown, Tab lands on the newest. */
  keepRover() {
    if (this.rover && this.rover.isConnected && this.roverChosen) return;
    const newest = this.shown[this.shown.length - 1];
    if (newest) this.rove(newest.li, false);
    else this.rover = null;
  }

  /** The message shown {@code step} places from {@code li} (or the first, the last), or null. */
  neighbour(li, step) {
    const items = [...this.list.querySelectorAll(':scope > li[data-id]')];
    if (step === -Infinity) return items[0] || null;
    if (step === Infinity) return items[items.length - 1] || null;
    const at = items.indexOf(li);
    return at < 0 ? null : items[at + step] || null;
  }

  /**
   * Keys on a message that has the focus: ↑ ↓ (and Home, End) move between messages; R, T, E, P, + and Delete are
   * its actions (as its toolbar's titles say); Enter goes into its toolbar; Escape back to the message box.
   */
  onKey(event) {
    const li = event.target;
    if (!li.matches || !li.matches('li[data-id]') || event.altKey || event.ctrlKey || event.metaKey) return;
    const move = { ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const next = this.neighbour(li, move);
      if (next) {
        next.focus({ preventScroll: true });
        next.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
    if (event.key === 'Escape' && this.options.onLeave) {
      event.preventDefault();
      this.options.onLeave();
      return;
    }
    if (event.key === 'Enter') {
      const first = li.querySelector('.actions button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    const entry = this.byId.get(li.dataset.id);
    const action = Object.keys(ACTION_KEYS).find(name => ACTION_KEYS[name].keys.includes(event.key));
    if (!entry || !action) return;
    if (this.actionsFor !== li) this.showActions(li);
    // Only what its toolbar offers (edit and delete for one's own, remove for the host, no thread in a thread).
    if (!li.querySelector('.actions .action-' + action)) return;
    event.preventDefault();
    this.act(action, li, entry.message);
  }

  /**
   * On a touch screen nothing points at a message, so a long press (half a second, without moving) opens its
   * actions, as in other messengers; a touch elsewhere closes them.
   */
  listenForLongPress(list) {
    let press = null;
    const cancel = () => {
      if (press) clearTimeout(press.timer);
      press = null;
    };
    list.addEventListener('pointerdown', event => {
      if (event.pointerType !== 'touch') return;
      cancel();
      const li = event.target.closest && event.target.closest('li[data-id]');
      for (const open of list.querySelectorAll('li.pressed')) if (open !== li) open.classList.remove('pressed');
      if (!li || li.classList.contains('notice') || event.target.closest('.actions, .picker')) return;
      press = { x: event.clientX, y: event.clientY, timer: setTimeout(() => {
        press = null;
        this.showActions(li);
        li.classList.add('pressed');
        if (navigator.vibrate) navigator.vibrate(10);
      }, LONG_PRESS_MS) };
    });
    list.addEventListener('pointermove', event => {
      if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) > 10) cancel();
    });
    list.addEventListener('pointerup', cancel);
    list.addEventListener('pointercancel', cancel);
    // The browser's own long-press menu (copy, select) would cover the actions.
    list.addEventListener('contextmenu', event => {
      if (press || (event.target.closest && event.target.closest('li.pressed'))) event.preventDefault();
    });
  }

  /** Reacts to a message with an emoji, or takes the reader's reaction back when they had given that one. */
  toggleReaction(li, message, emoji) {
    const current = this.byId.get(li.dataset.id);
    const now = current ? current.message : message;
    const had = (now.reactions || []).find(r => r.emoji === emoji);
    const mine = !!had && had.names.some(name => this.options.isMine(name));
    this.options.onReact(now, emoji, !mine);
  }

  /**
   * A row of emoji under the message; choosing one reacts with it. From the keyboard: it opens with the focus on its
   * first emoji, ← → move, Escape closes it; the focus goes back to the message.
   */
  pickReaction(li, message) {
    const open = li.querySelector('.picker');
    if (open) {
      open.remove();
      li.focus();
      return;
    }
    const picker = document.createElement('div');
    picker.className = 'picker';
    picker.setAttribute('role', 'menu');
    picker.setAttribute('aria-label', t('reactions.with'));
    const done = emoji => {
      picker.remove();
      li.focus({ preventScroll: true });
      if (emoji) this.toggleReaction(li, message, emoji);
    };
    for (const emoji of REACTIONS) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = emoji;
      b.title = t('reactions.withEmoji', { emoji });
      b.setAttribute('role', 'menuitem');
      b.onclick = () => done(emoji);
      picker.append(b);
    }
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = '＋';
    more.title = t('reactions.more');
    more.setAttribute('aria-label', t('reactions.more'));
    more.setAttribute('role', 'menuitem');
    more.onclick = () => emojiPicker.open(more, done);
    picker.append(more);
    picker.addEventListener('keydown', event => {
      const buttons = [...picker.querySelectorAll('button')];
      const at = buttons.indexOf(document.activeElement);
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: buttons.length - 1 - at }[event.key];
      if (step !== undefined) {
        event.preventDefault();
        event.stopPropagation();
        buttons[(at + step + buttons.length) % buttons.length].focus();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        done(null);
      }
    });
    li.append(picker);
    picker.querySelector('button').focus({ preventScroll: true });
  }

  /**
   * Scrolls to a message and marks it for a moment, loading older pages until it is there (or the conversation's
   * beginning is reached); resolves to whether it was found.
   */
  async reveal(id) {
    for (let pages = 0; !this.byId.has(id) && pages < 50; pages++) {
      if (!this.hasOlder || !this.shown.length) break;
      while (this.loading) await new Promise(resolve => setTimeout(resolve, 50));
      const before = this.shown.length;
      await this.loadOlder();
      if (this.shown.length === before && !this.hasOlder) break;
    }
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.following = false;
    entry.li.scrollIntoView({ block: 'center' });
    entry.li.classList.remove('flash');
    void entry.li.offsetWidth;
    entry.li.classList.add('flash');
    this.updateJump();
    return true;
  }

  /** The newest message shown that the reader wrote and may edit, or null. */
  lastOwn() {
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const message = this.shown[i].message;
      if (this.options.isMine(message.author) && message.verified !== false && !message.deleted) return message;
    }
    return null;
  }

  /** The room's history started over, or the stream skipped a stretch: start the window again. */
  reset() {
    this.generation++;
    this.clearShown();
    this.roverChosen = false;
    if (this.newLine) this.newLine.remove();
    this.newLine = null;
    this.unseenWhenShown = 0;
    for (const li of this.pending.values()) li.remove();
    this.incoming = [];
    this.tail = [];
    this.tailIds.clear();
    this.live = true;
    this.following = true;
    this.hasOlder = true;
    this.loading = false;
    this.unseen = 0;
    this.updateEdge();
    this.updateJump();
  }

  /** How many messages are in the document (for tests and benchmarks). */
  size() {
    return this.shown.length;
  }

  // ---- our own messages ----------------------------------------------------------------------------------

  /** Shows a message we are sending, at the bottom, marked as on its way. */
  addPending(clientId, author, text, files) {
    const li = messageItem({ author, text, files }, true, this.options.isMine);
    this.markPending(clientId, li);
    this.list.append(li);
    if (!this.live) this.jumpToPresent();
    else this.scrollToEnd();
    return li;
  }

  markPending(clientId, li) {
    li.classList.add('mine', 'pending');
    li.classList.remove('failed');
    li.querySelector('.state').textContent = t('message.sending');
    this.pending.set(clientId, li);
  }

  /** The room stored our message; the stream brings it (or brought it already). */
  acknowledged(clientId, accepted) {
    const li = this.pending.get(clientId);
    if (!li) return;
    if (this.byId.has(accepted.id)) {
      this.pending.delete(clientId);
      li.remove();
      return;
    }
    li.classList.remove('pending');
    li.querySelector('.state').textContent = '';
    setTime(li, accepted.sentAt);
  }

  /** The room refused our message, or could not be reached: say why, and offer to send it again. */
  failed(clientId, reason, retry) {
    const li = this.pending.get(clientId);
    if (!li) return;
    li.classList.remove('pending');
    li.classList.add('failed');
    const status = li.querySelector('.state');
    status.textContent = t('message.notSent', { reason });
    const again = document.createElement('button');
    again.type = 'button';
    again.className = 'link';
    again.textContent = t('message.retry');
    again.onclick = () => retry(li);
    status.append(again);
  }

  // ---- drawing -------------------------------------------------------------------------------------------

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
    setTimeout(() => this.flush(), HIDDEN_FLUSH_MS);
  }

  flush() {
    if (!this.scheduled) return;
    this.scheduled = false;
    const batch = this.incoming;
    this.incoming = [];
    const fresh = [];
    const seen = new Set();
    let fromOthers = 0;
    for (const message of batch) {
      if (message.change) {
        this.applyChange(message, fresh);
        continue;
      }
      if (this.byId.has(message.id) || this.tailIds.has(message.id) || seen.has(message.id)) continue;
      seen.add(message.id);
      if (!this.options.isMine(message.author)) fromOthers++;
      if (this.live) fresh.push(message);
      else this.keepInTail(message);
    }
    if (fromOthers) this.options.onArrived(fromOthers);
    if (!this.live) {
      this.unseen += fromOthers;
      this.updateJump();
      return;
    }
    if (!fresh.length) return;
    if (this.following && fresh.length >= WINDOW) {
      this.clearShown();
      this.hasOlder = true;
      this.append(fresh.slice(-WINDOW));
    } else {
      this.append(fresh);
    }
    if (this.following) {
      if (this.shown.length > WINDOW) this.trimTop(this.shown.length - WINDOW);
      this.scrollToEnd();
    } else {
      this.unseen += fromOthers;
      if (this.shown.length > MAX_SHOWN) this.detachBottom(this.shown.length - MAX_SHOWN);
    }
    this.updateEdge();
    this.updateJump();
  }

  keepInTail(message) {
    this.tailAdds++;
    this.tail.push(message);
    this.tailIds.add(message.id);
    if (this.tail.length > WINDOW) {
      for (const dropped of this.tail.splice(0, this.tail.length - WINDOW)) this.tailIds.delete(dropped.id);
    }
  }

  /** An entry for a message, reusing the item of our own pending message when it is one. */
  entry(message) {
    if (message.notice) {
      // A line from the room itself (what the host did), not a person's message.
      const line = document.createElement('li');
      line.className = 'notice';
      // Said in the reader's language when the server sent it as a sentence (older notices: their English).
      line.textContent = message.said ? say(message.said) : message.text;
      line.dataset.id = message.id;
      line.tabIndex = -1;
      const date = new Date(message.sentAt);
      const entry = { id: message.id, date, day: dayKey(date), li: line, divider: null, message };
      this.byId.set(message.id, entry);
      return entry;
    }
    let li = message.clientId ? this.pending.get(message.clientId) : null;
    if (li) {
      this.pending.delete(message.clientId);
      li.classList.remove('pending', 'failed');
      li.querySelector('.state').textContent = '';
      setTime(li, message.sentAt);
      // Only the server knows what the text means (formatting, links, whom it mentions): drawn now that it said.
      if (message.content && message.content.length) {
        renderBody(li.querySelector('.body'), message, this.options.isMine);
      }
    } else {
      li = messageItem(message, this.options.isMine(message.author), this.options.isMine);
      if (!this.options.isMine(message.author)
          && (message.mentionsRoom || (message.mentions || []).some(name => this.options.isMine(name)))) {
        li.classList.add('for-me');
      }
    }
    li.dataset.id = message.id;
    li.tabIndex = -1;
    if (message.replyTo || message.editedAt || message.deleted || message.reactions || message.thread
        || message.pinned) {
      this.decorate(li, message, false);
    }
    const date = new Date(message.sentAt);
    const entry = { id: message.id, date, day: dayKey(date), li, divider: null, message };
    this.byId.set(message.id, entry);
    return entry;
  }

  /** Messages newer than everything shown, oldest first: one fragment, before our own pending ones. */
  append(messages) {
    const { fragment, entries } = this.drawn(messages, this.shown[this.shown.length - 1]);
    for (const entry of entries) this.shown.push(entry);
    this.list.insertBefore(fragment, this.firstPending());
    this.keepRover();
  }

  /** Messages older than everything shown, oldest first. */
  prepend(messages) {
    const { fragment, entries } = this.drawn(messages, null);
    this.edge.after(fragment);
    this.shown.unshift(...entries);
    this.fixDivider(entries.length);
    this.keepRover();
  }

  /** The messages' entries, drawn in one fragment with a day's divider wherever a day starts after {@code previous}. */
  drawn(messages, previous) {
    const fragment = document.createDocumentFragment();
    const entries = [];
    for (const message of messages) {
      const entry = this.entry(message);
      if (!previous || previous.day !== entry.day) {
        entry.divider = this.divider(entry);
        fragment.append(entry.divider);
      }
      entry.li.classList.toggle('continued', continues(previous, entry));
      fragment.append(entry.li);
      entries.push(entry);
      previous = entry;
    }
    return { fragment, entries };
  }

  /**
   * A day's divider goes before the first message of each day, and before the first message shown; a message
   * continues the one above it only when that one is shown.
   */
  fixDivider(index) {
    const entry = this.shown[index];
    if (!entry) return;
    entry.li.classList.toggle('continued', index > 0 && continues(this.shown[index - 1], entry));
    const wanted = index === 0 || this.shown[index - 1].day !== entry.day;
    if (wanted && !entry.divider) {
      entry.divider = this.divider(entry);
      entry.li.before(entry.divider);
    } else if (!wanted && entry.divider) {
      entry.divider.remove();
      entry.divider = null;
    }
  }

  divider(entry) {
    const li = document.createElement('li');
    li.className = 'day';
    li.textContent = dayLabel(entry.date);
    return li;
  }

  removeEntries(entries) {
    for (const entry of entries) {
      if (entry.divider) entry.divider.remove();
      entry.li.remove();
      this.byId.delete(entry.id);
    }
  }

  trimTop(count) {
    this.removeEntries(this.shown.splice(0, count));
    this.fixDivider(0);
    this.hasOlder = true;
  }

  /** The window stops reaching the newest message: the newest {@code count} leave the document. */
  detachBottom(count) {
    this.removeEntries(this.shown.splice(this.shown.length - count, count));
    this.live = false;
    this.following = false;
  }

  clearShown() {
    this.removeEntries(this.shown);
    this.shown = [];
  }

  firstPending() {
    for (const li of this.pending.values()) {
      if (li.parentNode === this.list) return li;
    }
    return null;
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
    this.following = this.live;
    this.unseen = 0;
    this.updateJump();
  }

  updateEdge() {
    const edge = this.edge;
    edge.hidden = this.shown.length === 0;
    if (this.loading) {
      edge.textContent = t('history.loading');
    } else if (this.hasOlder) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'link';
      more.textContent = t('history.older');
      more.onclick = () => this.loadOlder();
      edge.replaceChildren(more);
    } else {
      const beginning = this.options.beginning ?? t('history.beginning');
      edge.textContent = beginning;
      if (!beginning) edge.hidden = true;
    }
  }

  updateJump() {
    const show = !this.following && (this.unseen > 0 || !this.live);
    this.jump.hidden = !show;
    if (show) {
      this.jump.textContent = (this.unseen === 0 ? t('history.jump') : tn('history.unseen', this.unseen)) + ' ↓';
    }
  }

  // ---- scrolling through history -------------------------------------------------------------------------

  onScroll() {
    const list = this.list;
    const fromBottom = list.scrollHeight - list.scrollTop - list.clientHeight;
    this.following = this.live && fromBottom < FOLLOW_SLACK_PX;
    if (this.following) this.unseen = 0;
    this.updateJump();
    if (list.scrollTop < LOAD_AHEAD_PX) this.loadOlder();
    else if (!this.live && fromBottom < LOAD_AHEAD_PX) this.loadNewer();
  }

  async loadOlder() {
    if (this.loading || !this.hasOlder || !this.shown.length) return;
    const generation = this.beginLoading();
    const first = this.shown[0];
    const page = await this.options.history({ before: first.id, limit: PAGE });
    if (!this.endLoading(generation, page)) return;
    this.hasOlder = page.more;
    const older = page.messages.filter(m => !this.byId.has(m.id));
    if (older.length) {
      this.keepingPlaceOf(first, () => {
        this.prepend(older);
        if (this.shown.length > MAX_SHOWN) this.detachBottom(this.shown.length - MAX_SHOWN);
      });
    }
    this.updateEdge();
    this.updateJump();
  }

  async loadNewer() {
    if (this.loading || this.live || !this.shown.length) return;
    const generation = this.beginLoading();
    const last = this.shown[this.shown.length - 1];
    const mark = this.tailAdds;
    const page = await this.options.history({ after: last.id, limit: PAGE });
    if (!this.endLoading(generation, page)) return;
    let newer = page.messages.filter(m => !this.byId.has(m.id));
    if (!page.more) {
      // That was the newest the server had: what arrived meanwhile follows, and the window is live again.
      newer = newer.concat(this.notIn(this.arrivedSince(mark), page.messages));
      this.tail = [];
      this.tailIds.clear();
      this.live = true;
    }
    this.keepingPlaceOf(last, () => {
      this.append(newer);
      if (this.shown.length > MAX_SHOWN) this.trimTop(this.shown.length - MAX_SHOWN);
    });
    this.updateEdge();
    this.updateJump();
  }

  /** Makes DOM changes above or below the reader and scrolls so that {@code entry} stays where it was on screen. */
  keepingPlaceOf(entry, changes) {
    const top = entry.li.getBoundingClientRect().top;
    changes();
    this.list.scrollTop += entry.li.getBoundingClientRect().top - top;
  }

  /** Back to the newest messages, following them. */
  async jumpToPresent() {
    if (!this.live) {
      const generation = ++this.generation;
      this.loading = true;
      const mark = this.tailAdds;
      const page = await this.options.history({ limit: PAGE });
      if (generation !== this.generation) return;
      this.loading = false;
      this.missedHistory = !page;
      const newest = page ? page.messages : [];
      const merged = newest.concat(this.notIn(this.arrivedSince(mark), newest));
      this.tail = [];
      this.tailIds.clear();
      this.clearShown();
      this.live = true;
      this.hasOlder = !page || page.more || merged.length > WINDOW;
      this.append(merged.slice(-WINDOW));
      if (this.unseenWhenShown) this.markNew(this.unseenWhenShown);
      this.unseenWhenShown = 0;
      this.updateEdge();
    }
    this.scrollToEnd();
  }

  /**
   * The server is reachable again: when the newest messages could not be loaded (the page opened while it was
   * down), load them now, keeping what arrived meanwhile.
   */
  recover() {
    if (!this.missedHistory || this.loading) return Promise.resolve();
    this.missedHistory = false;
    this.live = false;
    return this.jumpToPresent();
  }

  /** What went into the tail since {@code mark}: it arrived while a request was out. */
  arrivedSince(mark) {
    return this.tail.slice(Math.max(0, this.tail.length - (this.tailAdds - mark)));
  }

  /**
   * Ids are opaque: the server's order is the only order. Live messages that arrived while a page was being read
   * and are not in it came after it; those that arrived before are in it, or older and loaded by scrolling up.
   */
  notIn(live, page) {
    const ids = new Set(page.map(m => m.id));
    return live.filter(m => !ids.has(m.id));
  }

  /**
   * Another conversation is shown: start over from its newest messages, with a "New messages" line above the
   * oldest of the {@code unseen} newest ones from others (where the reader left off).
   */
  showNewest(unseen = 0) {
    this.reset();
    this.live = false;
    this.unseenWhenShown = unseen;
    return this.jumpToPresent();
  }

  markNew(unseen) {
    if (this.newLine) this.newLine.remove();
    let left = unseen;
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const message = this.shown[i].message;
      if (!message || message.notice || this.options.isMine(message.author)) continue;
      if (--left === 0) {
        this.newLine = document.createElement('li');
        this.newLine.className = 'new-line';
        this.newLine.textContent = t('history.newLine');
        this.shown[i].li.classList.remove('continued');
        this.shown[i].li.before(this.newLine);
        return;
      }
    }
  }

  beginLoading() {
    this.loading = true;
    this.updateEdge();
    return this.generation;
  }

  /** Whether an answer still applies (no reset or jump meanwhile, and there is an answer at all). */
  endLoading(generation, page) {
    if (generation !== this.generation) return false;
    this.loading = false;
    if (!page) {
      this.updateEdge();
      return false;
    }
    return true;
  }
}

export { MessageWindow, WINDOW, MAX_SHOWN };
