'use strict';
/*
 * Hubbub's page. Reads the structured stream (/chat?view=json) through HubbubTabs.SharedStream, so all tabs of a
 * browser share one connection; posts JSON to /chat. Everything a person typed is put on the page as text
 * (textContent), never as HTML.
 */
(function () {
  const NAME_KEY = 'hubbub.name';
  const EPOCH_KEY = 'hubbub.epoch';
  const $ = id => document.getElementById(id);

  const ui = {
    messages: $('messages'), text: $('text'), send: $('send'), composer: $('composer'), connection: $('connection'),
    online: $('online'), onlineCount: $('online-count'), roomName: $('room-name'), jump: $('jump'), notice: $('notice'),
    myName: $('my-name'), dialog: $('name-dialog'), nameForm: $('name-form'), nameInput: $('name-input'),
    nameError: $('name-error'), dialogRoom: $('dialog-room'), people: $('people'), peopleToggle: $('people-toggle'),
    me: $('me'), dialogOnline: $('dialog-online'),
  };

  const state = {
    name: localStorage.getItem(NAME_KEY),
    roomName: 'Hubbub',
    byId: new Map(),        // message id -> <li>
    pending: new Map(),     // client id -> <li> of a message not yet seen on the stream
    online: new Map(),      // lower-case name -> name
    unread: 0,
    lastDay: null,
    stream: null,
  };

  // ---- rendering -------------------------------------------------------------------------------------------

  function timeOf(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function dayOf(iso) {
    const date = new Date(iso);
    const today = new Date();
    const yesterday = new Date(Date.now() - 86400000);
    if (date.toDateString() === today.toDateString()) return 'Today';
    if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
    return date.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' });
  }

  /** Text with http(s) links made clickable; everything else stays plain text nodes. */
  function renderText(container, text) {
    const pattern = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
    let at = 0;
    for (const match of text.matchAll(pattern)) {
      container.append(document.createTextNode(text.slice(at, match.index)));
      const link = document.createElement('a');
      link.href = match[0];
      link.textContent = match[0];
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      container.append(link);
      at = match.index + match[0].length;
    }
    container.append(document.createTextNode(text.slice(at)));
  }

  function messageItem(author, text, sentAt) {
    const li = document.createElement('li');
    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'author';
    who.textContent = author;
    const when = document.createElement('time');
    when.className = 'time';
    if (sentAt) {
      when.dateTime = sentAt;
      when.textContent = timeOf(sentAt);
      when.title = new Date(sentAt).toLocaleString();
    }
    const status = document.createElement('span');
    status.className = 'state';
    meta.append(who, when, status);
    const body = document.createElement('div');
    body.className = 'body';
    renderText(body, text);
    li.append(meta, body);
    if (state.name && author.toLowerCase() === state.name.toLowerCase()) li.classList.add('mine');
    return li;
  }

  function nearBottom() {
    const list = ui.messages;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function scrollToEnd() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
    ui.jump.hidden = true;
  }

  /** Inserts an item in id order (history and live events can interleave while tabs hand over). */
  function place(li, id, sentAt, forceScroll) {
    const follow = forceScroll || nearBottom();
    const day = sentAt ? dayOf(sentAt) : null;
    let before = null;
    if (id !== null) {
      for (const [otherId, other] of state.byId) {
        if (otherId > id && (!before || otherId < Number(before.dataset.id))) before = other;
      }
    }
    if (!before && day && day !== state.lastDay) {
      const divider = document.createElement('li');
      divider.className = 'day';
      divider.textContent = day;
      ui.messages.append(divider);
      state.lastDay = day;
    }
    ui.messages.insertBefore(li, before);
    if (follow) {
      scrollToEnd();
    } else {
      ui.jump.hidden = false;
    }
  }

  function showChat(message) {
    if (state.byId.has(message.id)) return;
    let li = message.clientId ? state.pending.get(message.clientId) : null;
    if (li) {
      state.pending.delete(message.clientId);
      li.classList.remove('pending', 'failed');
      li.querySelector('.state').textContent = '';
      const when = li.querySelector('time');
      when.dateTime = message.sentAt;
      when.textContent = timeOf(message.sentAt);
    } else {
      li = messageItem(message.author, message.text, message.sentAt);
      place(li, message.id, message.sentAt, false);
      if (document.hidden) {
        state.unread++;
        updateTitle();
      }
    }
    li.dataset.id = message.id;
    state.byId.set(message.id, li);
  }

  function showGap(gap) {
    const li = document.createElement('li');
    li.className = 'gap';
    li.textContent = 'Some earlier messages are not shown (more were missed than can be replayed, '
        + 'or they are no longer kept).';
    ui.messages.append(li);
  }

  function clearMessages() {
    ui.messages.replaceChildren();
    state.byId.clear();
    state.lastDay = null;
  }

  function renderOnline() {
    const names = [...state.online.values()].sort((a, b) => a.localeCompare(b));
    ui.online.replaceChildren(...names.map(name => {
      const li = document.createElement('li');
      li.textContent = name;
      if (state.name && name.toLowerCase() === state.name.toLowerCase()) li.className = 'me-item';
      return li;
    }));
    ui.onlineCount.textContent = String(names.length);
  }

  function updateTitle() {
    document.title = (state.unread > 0 ? '(' + state.unread + ') ' : '') + state.roomName + ' · Hubbub';
  }

  /** Before someone has a name there is no stream yet: ask the room who it is and who is in it. */
  async function previewRoom() {
    try {
      const status = await (await fetch('/status')).json();
      state.roomName = status.room;
      ui.roomName.textContent = status.room;
      ui.dialogRoom.textContent = status.room;
      ui.dialogOnline.textContent = status.online.length === 0 ? 'Nobody else is here yet.'
          : status.online.length === 1 ? status.online[0] + ' is here.'
          : status.online.slice(0, -1).join(', ') + ' and ' + status.online[status.online.length - 1] + ' are here.';
      updateTitle();
    } catch (e) {
      ui.dialogOnline.textContent = 'The room cannot be reached right now.';
    }
  }

  const STATE_TEXT = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' };

  function showConnection(connection) {
    ui.connection.className = 'connection ' + connection;
    ui.connection.textContent = STATE_TEXT[connection] || connection;
    document.body.dataset.connection = connection;
  }

  function showNotice(text) {
    ui.notice.textContent = text;
    ui.notice.hidden = !text;
  }

  // ---- the stream ------------------------------------------------------------------------------------------

  function onEvent(type, data) {
    const value = JSON.parse(data);
    switch (type) {
      case 'hello':
        state.roomName = value.room;
        ui.roomName.textContent = value.room;
        ui.dialogRoom.textContent = value.room;
        updateTitle();
        if (localStorage.getItem(EPOCH_KEY) !== value.epoch) {
          // The room's history started over: ids we hold mean nothing now.
          if (localStorage.getItem(EPOCH_KEY) !== null) clearMessages();
          localStorage.setItem(EPOCH_KEY, value.epoch);
        }
        break;
      case 'presence':
        state.online.clear();
        value.names.forEach(name => state.online.set(name.toLowerCase(), name));
        renderOnline();
        break;
      case 'join':
        state.online.set(value.name.toLowerCase(), value.name);
        renderOnline();
        break;
      case 'leave':
        state.online.delete(value.name.toLowerCase());
        renderOnline();
        break;
      case 'chat':
        showChat(value);
        break;
      case 'gap':
        showGap(value);
        break;
    }
  }

  function streamUrl(lastEventId) {
    let url = '/chat?view=json&name=' + encodeURIComponent(state.name);
    if (lastEventId) url += '&lastEventId=' + encodeURIComponent(lastEventId);
    return url;
  }

  function startStream() {
    const params = new URLSearchParams(location.search);
    state.stream = new HubbubTabs.SharedStream({
      name: 'hubbub:' + location.host,
      url: streamUrl,
      eventTypes: ['hello', 'presence', 'join', 'leave', 'chat', 'gap'],
      election: params.get('tabs') || 'auto',
      onEvent,
      onState: showConnection,
      onRole: role => { document.body.dataset.role = role; },
    });
    state.stream.start(null);
  }

  // ---- sending ---------------------------------------------------------------------------------------------

  async function send(text, existing) {
    const clientId = HubbubTabs.randomId();
    const li = existing || messageItem(state.name, text, null);
    li.classList.add('mine', 'pending');
    li.classList.remove('failed');
    li.querySelector('.state').textContent = 'sending…';
    state.pending.set(clientId, li);
    if (!existing) place(li, null, null, true);
    let reason;
    try {
      const response = await fetch('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ author: state.name, text, clientId }),
      });
      if (response.ok) {
        const accepted = await response.json();
        if (!state.byId.has(accepted.id)) {
          li.dataset.id = accepted.id;
          li.querySelector('.state').textContent = '';
          li.classList.remove('pending');
          const when = li.querySelector('time');
          when.dateTime = accepted.sentAt;
          when.textContent = timeOf(accepted.sentAt);
          state.byId.set(accepted.id, li);
        } else if (state.byId.get(accepted.id) !== li) {
          li.remove();
        }
        state.pending.delete(clientId);
        showNotice('');
        return;
      }
      reason = (await response.text()).trim() || ('the server answered ' + response.status);
    } catch (e) {
      reason = 'could not reach the server';
    }
    state.pending.delete(clientId);
    li.classList.remove('pending');
    li.classList.add('failed');
    const status = li.querySelector('.state');
    status.textContent = 'not sent: ' + reason;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'link';
    retry.textContent = 'Retry';
    retry.onclick = () => send(text, li);
    status.append(retry);
  }

  function submit() {
    const text = ui.text.value.trim();
    if (!text) return;
    ui.text.value = '';
    autosize();
    send(text, null);
  }

  function autosize() {
    ui.text.style.height = 'auto';
    ui.text.style.height = Math.min(ui.text.scrollHeight, 160) + 'px';
    ui.text.style.overflowY = ui.text.scrollHeight > 160 ? 'auto' : 'hidden';
  }

  // ---- the name --------------------------------------------------------------------------------------------

  function askName() {
    ui.nameInput.value = state.name || '';
    ui.nameError.textContent = '';
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.nameInput.focus();
  }

  function setName(name) {
    if (!state.stream) showConnection('connecting');
    const changed = state.name !== null && state.name !== name;
    state.name = name;
    localStorage.setItem(NAME_KEY, name);
    ui.myName.textContent = name;
    ui.me.hidden = false;
    ui.send.disabled = ui.text.disabled = false;
    renderOnline();
    if (!state.stream) startStream();
    else if (changed) state.stream.restart();
  }

  // ---- wiring ----------------------------------------------------------------------------------------------

  ui.nameForm.addEventListener('submit', event => {
    const name = ui.nameInput.value.trim();
    if (!name) {
      event.preventDefault();
      ui.nameError.textContent = 'Please type a name.';
      return;
    }
    if ([...name].some(c => c < ' ' || c === '\x7f')) {
      event.preventDefault();
      ui.nameError.textContent = 'A name cannot contain control characters.';
      return;
    }
    setName(name);
  });
  ui.dialog.addEventListener('cancel', event => { if (!state.name) event.preventDefault(); });
  $('rename').addEventListener('click', askName);

  ui.composer.addEventListener('submit', event => { event.preventDefault(); submit(); });
  ui.text.addEventListener('keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  ui.text.addEventListener('input', autosize);
  ui.messages.addEventListener('scroll', () => { if (nearBottom()) ui.jump.hidden = true; });
  ui.jump.addEventListener('click', scrollToEnd);
  ui.peopleToggle.addEventListener('click', () => {
    const open = ui.people.classList.toggle('open');
    ui.peopleToggle.setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      state.unread = 0;
      updateTitle();
    }
  });
  window.addEventListener('storage', event => {
    if (event.key === NAME_KEY && event.newValue && event.newValue !== state.name) setName(event.newValue);
  });
  window.addEventListener('offline', () => showConnection('offline'));

  if (state.name) {
    setName(state.name);
  } else {
    previewRoom();
    askName();
  }
})();
