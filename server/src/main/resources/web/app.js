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
    online: new Map(),      // lower-case name -> name
    unread: 0,
    stream: null,
  };

  const conversation = new HubbubConversation.MessageWindow(ui.messages, ui.jump, {
    isMine: author => !!state.name && author.toLowerCase() === state.name.toLowerCase(),
    history: loadHistory,
    onArrived: count => {
      if (document.hidden) {
        state.unread += count;
        updateTitle();
      }
    },
  });

  /** A page of GET /chat/history, or null when it cannot be had (offline, or the history started over). */
  async function loadHistory(query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) params.set(key, String(value));
    try {
      const response = await fetch('/chat/history?' + params);
      if (!response.ok) return null;
      const page = await response.json();
      return page.epoch === localStorage.getItem(EPOCH_KEY) ? page : null;
    } catch (e) {
      return null;
    }
  }

  let onlineQueued = false;

  /** Who is online, drawn at most once a frame however many joins and leaves arrive. */
  function renderOnlineSoon() {
    if (onlineQueued) return;
    onlineQueued = true;
    const draw = () => {
      if (!onlineQueued) return;
      onlineQueued = false;
      renderOnline();
    };
    requestAnimationFrame(draw);
    setTimeout(draw, 250);
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
          if (localStorage.getItem(EPOCH_KEY) !== null) conversation.reset();
          localStorage.setItem(EPOCH_KEY, value.epoch);
        }
        break;
      case 'presence':
        state.online.clear();
        value.names.forEach(name => state.online.set(name.toLowerCase(), name));
        renderOnlineSoon();
        break;
      case 'join':
        state.online.set(value.name.toLowerCase(), value.name);
        renderOnlineSoon();
        break;
      case 'leave':
        state.online.delete(value.name.toLowerCase());
        renderOnlineSoon();
        break;
      case 'chat':
        conversation.add(value);
        break;
      case 'gap':
        // The stream skipped a stretch it could not replay; what is still kept loads as the reader scrolls up.
        conversation.reset();
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

  /**
   * Sends a message; the same client id goes with every retry, so a post whose answer was lost is stored once.
   */
  async function send(text, clientId, existing) {
    if (existing) conversation.markPending(clientId, existing);
    else conversation.addPending(clientId, state.name, text);
    let reason;
    try {
      const response = await fetch('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ author: state.name, text, clientId }),
      });
      if (response.ok) {
        conversation.acknowledged(clientId, await response.json());
        showNotice('');
        return;
      }
      reason = (await response.text()).trim() || ('the server answered ' + response.status);
    } catch (e) {
      reason = 'could not reach the server';
    }
    conversation.failed(clientId, reason, li => send(text, clientId, li));
  }

  function submit() {
    const text = ui.text.value.trim();
    if (!text) return;
    ui.text.value = '';
    autosize();
    send(text, HubbubTabs.randomId(), null);
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
