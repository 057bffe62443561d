'use strict';
/*
 * Hubbub's page. Signs in with a claimed name (POST /session: the token comes back as an HttpOnly cookie, which the
 * stream and every post carry, and is kept in localStorage to sign in again if the cookie is lost); reads the
 * structured stream (/chat?view=json) through HubbubTabs.SharedStream, so all tabs of a browser share one
 * connection; shows one conversation at a time (a room, or a direct conversation with someone), named in the URL
 * (#design, #@Bob), and counts what arrives in the others. Everything a person typed is put on the page as text
 * (textContent), never as HTML.
 */
(function () {
  const TOKEN_KEY = 'hubbub.token';
  const EPOCH_KEY = 'hubbub.epoch';
  const READ_KEY = 'hubbub.read';
  const GENERAL = 'general';
  const $ = id => document.getElementById(id);

  const ui = {
    messages: $('messages'), text: $('text'), send: $('send'), composer: $('composer'), connection: $('connection'),
    online: $('online'), onlineCount: $('online-count'), roomName: $('room-name'), jump: $('jump'), notice: $('notice'),
    myName: $('my-name'), dialog: $('name-dialog'), nameForm: $('name-form'), nameInput: $('name-input'),
    nameError: $('name-error'), dialogRoom: $('dialog-room'), people: $('people'), peopleToggle: $('people-toggle'),
    me: $('me'), dialogOnline: $('dialog-online'), codeForm: $('code-form'), codeInput: $('code-input'),
    codeError: $('code-error'), nav: $('nav'), navToggle: $('nav-toggle'), rooms: $('rooms'), directs: $('directs'),
    newRoom: $('new-room'), conversationName: $('conversation-name'), roomDialog: $('room-dialog'),
    roomForm: $('room-form'), roomInput: $('room-input'), roomError: $('room-error'), linkDialog: $('link-dialog'),
    linkCode: $('link-code'), linkExpiry: $('link-expiry'), tray: $('tray'), fileInput: $('file-input'),
    conversation: document.querySelector('.conversation'), typing: $('typing'), mentionList: $('mention-list'),
    composing: $('composing'), composingWhat: $('composing-what'), deleteDialog: $('delete-dialog'),
    search: $('search'), searchForm: $('search-form'), searchResults: $('search-results'),
    searchList: $('search-list'), searchSummary: $('search-summary'),
    notifyLevel: $('notify-level'), notifyPanel: $('notify-panel'), notifyEnable: $('notify-enable'),
    notifyWhy: $('notify-why'), notifySound: $('notify-sound'), notifySoundLabel: $('notify-sound-label'),
    roomRules: $('room-rules'), hostPanel: $('host-panel'), hostDoor: $('host-door'), inviteLink: $('invite-link'),
    inviteOn: $('invite-on'), inviteNew: $('invite-new'), inviteOff: $('invite-off'),
    personDialog: $('person-dialog'), personName: $('person-name'), rulesDialog: $('rules-dialog'),
    rulesRoom: $('rules-room'), rulesReadOnly: $('rules-read-only'), rulesSlow: $('rules-slow'),
    rulesError: $('rules-error'), removedDialog: $('removed-dialog'), removedReason: $('removed-reason'),
    rulesRoomActions: $('rules-room-actions'), rulesArchive: $('rules-archive'),
    rulesUnarchive: $('rules-unarchive'), rulesArchiveHint: $('rules-archive-hint'),
    deleteRoomDialog: $('delete-room-dialog'), deleteRoomName: $('delete-room-name'),
    archivedRooms: $('archived-rooms'), archived: $('archived'), archivedCount: $('archived-count'),
  };

  const state = {
    me: null,               // the name this browser is signed in as
    roomName: 'Hubbub',
    rooms: new Map(),       // room id -> name, in order
    directs: new Map(),     // '@' + name key -> the other person's name
    unread: new Map(),      // conversation -> messages from others not seen
    active: null,           // the conversation shown
    online: new Map(),      // name key -> name
    titleUnread: 0,         // messages from others while the tab is hidden
    stream: null,
    lastEventId: null,      // the newest event this page has had
    maxFileBytes: 0,        // the largest file the server takes (from /status; 0 until known)
    submitting: false,      // a message waits for its files to finish uploading
    typing: new Map(),      // conversation -> Map(name -> when "is typing" stops being shown)
    typingSent: { where: null, at: 0 },   // where and when this page last said its person is typing
    forMe: new Map(),       // conversation -> messages for the reader (mentions, direct) not seen yet
    host: false,            // whether the reader is a host of the room (the stream's hello says)
    roomRules: new Map(),   // room id -> {readOnly, slowModeSeconds, archived}
    replyTo: null,          // the message the next one answers
    editing: null,          // the message whose text the composer holds, to be saved as an edit
  };

  const TYPING_SHOWN_MS = 6000;
  const TYPING_EVERY_MS = 3000;

  /*
   * What this browser has been shown is kept across reloads: the unread counts, the direct conversations, and the
   * id of the last event had, from which the stream resumes, so a reload neither counts old messages as new nor
   * forgets what was not read. It belongs to one history: a new epoch starts it over.
   */
  let readSaveQueued = false;

  function saveReadSoon() {
    if (readSaveQueued) return;
    readSaveQueued = true;
    setTimeout(saveRead, 1000);
  }

  function saveRead() {
    readSaveQueued = false;
    if (!state.lastEventId || !state.me) return;
    localStorage.setItem(READ_KEY, JSON.stringify({
      epoch: localStorage.getItem(EPOCH_KEY),
      lastEventId: state.lastEventId,
      unread: Object.fromEntries(state.unread),
      directs: Object.fromEntries(state.directs),
    }));
  }

  /** The saved read state, restored into state; the id to resume from, or null. */
  function restoreRead() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(READ_KEY));
    } catch (e) {
      saved = null;
    }
    if (!saved || saved.epoch !== localStorage.getItem(EPOCH_KEY) || typeof saved.lastEventId !== 'string') {
      return null;
    }
    Object.entries(saved.unread || {}).forEach(([key, count]) => {
      if (Number.isInteger(count) && count > 0) state.unread.set(key, count);
    });
    Object.entries(saved.directs || {}).forEach(([key, name]) => {
      if (typeof name === 'string' && !state.directs.has(key)) state.directs.set(key, name);
    });
    state.lastEventId = saved.lastEventId;
    return saved.lastEventId;
  }

  function forgetRead() {
    localStorage.removeItem(READ_KEY);
    state.unread.clear();
    state.lastEventId = null;
  }

  /** Names compare as the server compares them: compatibility-normalized, lower case, spaces made one. */
  function keyOf(name) {
    return name.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
  }

  function isMine(author) {
    return !!state.me && keyOf(author) === keyOf(state.me);
  }

  /** The conversation a message belongs to: its room, or '@' and the other person's name key. */
  function conversationOf(message) {
    if (!message.to) return message.room;
    const other = isMine(message.author) ? message.to : message.author;
    const key = '@' + keyOf(other);
    if (!state.directs.has(key)) {
      state.directs.set(key, other);
      renderNavSoon();
    }
    return key;
  }

  function isDirect(conversation) {
    return conversation.startsWith('@');
  }

  const conversation = new HubbubConversation.MessageWindow(ui.messages, ui.jump, {
    isMine,
    isHost: () => state.host,
    history: loadHistory,
    onReply: message => compose('reply', message),
    onEdit: message => compose('edit', message),
    onDelete: confirmDelete,
    onReact: react,
    onArrived: count => {
      if (document.hidden) {
        state.titleUnread += count;
        updateTitle();
      }
    },
  });

  const notifier = new HubbubNotify.Notifier({
    onOpen: (where, id) => jumpTo(where, id),
    isLeader: () => document.body.dataset.role === 'leader',
  });

  /** Whether a message from someone else is for the reader: to them alone, or mentioning them or everyone. */
  function isForMe(message) {
    return !!message.to || !!message.mentionsRoom || (message.mentions || []).some(name => isMine(name));
  }

  /** Raises what a message from someone else calls for, and counts it for the reader when it is for them. */
  function noticeArrival(message, where) {
    const looking = where === state.active && !document.hidden;
    const forMe = isForMe(message);
    const label = conversationLabel(where);
    const title = message.to ? message.author + ' (direct message)'
        : forMe ? message.author + ' mentioned you in ' + label : message.author + ' in ' + label;
    notifier.arrived(message, where, forMe, looking, title);
    if (forMe && !looking && !notifier.isMuted(where)) state.forMe.set(where, (state.forMe.get(where) || 0) + 1);
  }

  // ---- the host keeps order -------------------------------------------------------------------------------

  /** A room's rules as the server last told them. */
  function rulesOf(room) {
    return state.roomRules.get(room) || { readOnly: false, slowModeSeconds: 0, archived: false };
  }

  /** Keeps what the server says of a room (a hello's list, or a room event). */
  function keepRoom(room) {
    state.rooms.set(room.id, room.name);
    state.roomRules.set(room.id, { readOnly: !!room.readOnly, slowModeSeconds: room.slowModeSeconds || 0,
      archived: !!room.archived });
  }

  /** A room the host deleted: gone from the lists, and from the screen if it was shown. */
  function forgetRoom(id) {
    const name = state.rooms.get(id);
    state.rooms.delete(id);
    state.roomRules.delete(id);
    state.unread.delete(id);
    state.forMe.delete(id);
    if (state.active === id) {
      location.hash = '#' + GENERAL;
      showNotice('The host deleted # ' + (name || id) + ' and its messages.');
    }
  }

  /**
   * The composer says what the room's rules are: archived (for everyone), read-only (for all but the host), slow
   * mode.
   */
  function showComposerRules() {
    const rules = rulesOf(state.active);
    const label = conversationLabel(state.active || GENERAL).replace(/^[#@] /, '');
    const room = !isDirect(state.active || GENERAL);
    const archived = rules.archived && room;
    const closed = archived || (rules.readOnly && !state.host && room);
    ui.text.disabled = ui.send.disabled = !state.me || closed;
    ui.text.placeholder = archived ? label + ' is archived: nobody posts here'
        : closed ? 'Only the host posts in ' + label
        : 'Message ' + label + (rules.slowModeSeconds && !isDirect(state.active) && !state.host
          ? ' (slow mode: one message every ' + rules.slowModeSeconds + ' s)' : '');
    ui.roomRules.hidden = !state.host || !state.active || isDirect(state.active);
  }

  /** The host's panel (the room's door) and the rules button, for hosts only. */
  async function showHostTools() {
    ui.hostPanel.hidden = !state.host;
    showComposerRules();
    renderOnline();
    if (!state.host) return;
    try {
      const response = await fetch('/host');
      if (response.ok) showDoor(await response.json());
    } catch (e) {
      // shown when it can be had
    }
  }

  function showDoor(door) {
    ui.hostDoor.textContent = door.inviteOnly
        ? 'Invite-only: only those with the link can join. Give them this link:'
        : 'Open: anyone who can reach this address can join.';
    ui.inviteLink.hidden = !door.inviteOnly;
    ui.inviteLink.value = door.inviteOnly && door.links && door.links.length ? door.links[0] : '';
    ui.inviteOn.hidden = door.inviteOnly;
    ui.inviteNew.hidden = ui.inviteOff.hidden = !door.inviteOnly;
  }

  async function hostAction(method, path, body) {
    try {
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body || {}),
      });
      const text = await response.text();
      if (!response.ok) {
        showNotice(text.trim());
        return null;
      }
      showNotice('');
      return text ? JSON.parse(text) : {};
    } catch (e) {
      showNotice('The room cannot be reached right now.');
      return null;
    }
  }

  function personMenu(name) {
    ui.personName.textContent = name;
    ui.personDialog.returnValue = '';
    ui.personDialog.onclose = async () => {
      const choice = ui.personDialog.returnValue;
      if (choice.startsWith('mute-')) await hostAction('POST', '/host/mute', { name, minutes: Number(choice.slice(5)) });
      else if (choice === 'remove') await hostAction('POST', '/host/remove', { name });
      else if (choice === 'free') await hostAction('POST', '/host/free-name', { name });
    };
    ui.personDialog.showModal();
  }

  /** A stream that keeps failing may mean the host removed this person: then say so, and stop trying. */
  let removalChecked = 0;
  async function checkStillIn() {
    if (!state.me || Date.now() - removalChecked < 5000) return;
    removalChecked = Date.now();
    try {
      const response = await fetch('/session');
      if (response.status === 403) {
        ui.removedReason.textContent = capitalize((await response.text()).trim()) + '.';
        state.stream.stop();
        if (!ui.removedDialog.open) ui.removedDialog.showModal();
      }
    } catch (e) {
      // not reachable: the stream keeps trying
    }
  }

  function capitalize(text) {
    return text ? text[0].toUpperCase() + text.slice(1) : text;
  }

  /** The bell by the conversation's name: every message, mentions and direct messages, or muted. */
  const LEVEL_TEXT = { all: '🔔 Every message', mentions: '🔔 Mentions', none: '🔕 Muted' };
  function showLevel() {
    if (!state.active) return;
    const level = notifier.level(state.active);
    ui.notifyLevel.hidden = !state.me;
    ui.notifyLevel.textContent = LEVEL_TEXT[level];
    ui.notifyLevel.dataset.level = level;
    ui.notifyLevel.title = 'Notify me of: ' + (level === 'all' ? 'every message here'
        : level === 'mentions' ? 'mentions of me and direct messages' : 'nothing here (muted)') + '. Click to change.';
  }

  function showNotifyPanel() {
    const permission = notifier.permission();
    ui.notifyEnable.hidden = permission !== 'default';
    ui.notifyWhy.hidden = notifier.supported() || notifier.explained();
    ui.notifySoundLabel.hidden = permission === 'granted';
    ui.notifySound.checked = notifier.sound;
    ui.notifyPanel.hidden = ui.notifyEnable.hidden && ui.notifyWhy.hidden && ui.notifySoundLabel.hidden;
  }

  /** A page of GET /chat/history for the conversation shown, or null when it cannot be had. */
  async function loadHistory(query) {
    const asked = state.active;
    const params = new URLSearchParams();
    if (isDirect(asked)) params.set('with', state.directs.get(asked) || asked.slice(1));
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

  // ---- the side panels -------------------------------------------------------------------------------------

  let navQueued = false;
  let onlineQueued = false;

  /** Drawn at most once a frame however many events arrive. */
  function soon(draw) {
    requestAnimationFrame(draw);
    setTimeout(draw, 250);
  }

  function renderNavSoon() {
    if (navQueued) return;
    navQueued = true;
    soon(() => {
      if (!navQueued) return;
      navQueued = false;
      renderNav();
    });
  }

  function renderOnlineSoon() {
    if (onlineQueued) return;
    onlineQueued = true;
    soon(() => {
      if (!onlineQueued) return;
      onlineQueued = false;
      renderOnline();
    });
  }

  function navItem(key, label) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = '#' + (isDirect(key) ? '@' + (state.directs.get(key) || '') : key);
    link.dataset.conversation = key;
    link.textContent = label;
    if (key === state.active) link.classList.add('active');
    const muted = notifier.isMuted(key);
    if (muted) {
      link.classList.add('muted');
      link.title = 'Muted';
    }
    const unread = state.unread.get(key) || 0;
    if (unread > 0) {
      const badge = document.createElement('span');
      badge.className = muted ? 'badge muted' : 'badge';
      badge.textContent = unread > 99 ? '99+' : String(unread);
      badge.title = unread + ' unread';
      link.append(badge);
    }
    li.append(link);
    return li;
  }

  function renderNav() {
    const rooms = [...state.rooms];
    const archived = rooms.filter(([id]) => rulesOf(id).archived);
    ui.rooms.replaceChildren(...rooms.filter(([id]) => !rulesOf(id).archived)
        .map(([id, name]) => navItem(id, '# ' + name)));
    ui.archived.replaceChildren(...archived.map(([id, name]) => navItem(id, '# ' + name)));
    ui.archivedCount.textContent = String(archived.length);
    ui.archivedRooms.hidden = archived.length === 0;
    if (archived.some(([id]) => id === state.active)) ui.archivedRooms.open = true;
    ui.directs.replaceChildren(...[...state.directs].map(([key, name]) => navItem(key, '@ ' + name)));
    ui.newRoom.hidden = !state.me;
    if (state.active) showLabel(state.active);
  }

  function renderOnline() {
    const names = [...state.online.values()].sort((a, b) => a.localeCompare(b));
    ui.online.replaceChildren(...names.map(name => {
      const li = document.createElement('li');
      if (isMine(name)) {
        li.textContent = name;
        li.className = 'me-item';
      } else {
        const person = document.createElement('a');
        person.href = '#@' + name;
        person.textContent = name;
        person.title = 'Write to ' + name + ' alone';
        li.append(person);
        if (state.host) {
          const menu = document.createElement('button');
          menu.type = 'button';
          menu.className = 'person-menu';
          menu.textContent = '⋯';
          menu.title = 'Host: mute, remove, free the name of ' + name;
          menu.setAttribute('aria-label', menu.title);
          menu.onclick = () => personMenu(name);
          li.append(menu);
        }
      }
      return li;
    }));
    ui.onlineCount.textContent = String(names.length);
  }

  /** The tab's title and icon count what the reader has not seen, muted conversations aside. */
  function updateTitle() {
    let others = state.titleUnread;
    for (const [key, count] of state.unread) if (!notifier.isMuted(key)) others += count;
    document.title = (others > 0 ? '(' + others + ') ' : '') + state.roomName + ' · Hubbub';
    const urgent = [...state.forMe.values()].some(count => count > 0);
    notifier.badge(others, urgent);
  }

  function conversationLabel(key) {
    return isDirect(key) ? '@ ' + (state.directs.get(key) || key.slice(1)) : '# ' + (state.rooms.get(key) || key);
  }

  /** Names the conversation shown (again when its room's name arrives). */
  function showLabel(conversationKey) {
    const label = conversationLabel(conversationKey);
    if (ui.conversationName.textContent !== label) {
      ui.conversationName.textContent = label;
      showComposerRules();
    }
  }

  /** Shows a conversation: its newest messages, then what arrives in it. */
  function open(conversationKey) {
    if (!state.me) return;
    state.active = conversationKey;
    state.unread.delete(conversationKey);
    if (!document.hidden) state.forMe.delete(conversationKey);
    saveReadSoon();
    showLabel(conversationKey);
    document.body.dataset.conversation = conversationKey;
    renderNav();
    updateTitle();
    ui.nav.classList.remove('open');
    renderTyping();
    compose(null);
    showLevel();
    showComposerRules();
    return conversation.showNewest();
  }

  /** The conversation the URL names: #design, #@Bob; general when it names none. */
  function fromHash() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith('@') && hash.length > 1) {
      const name = hash.slice(1);
      const key = '@' + keyOf(name);
      if (!state.directs.has(key)) state.directs.set(key, name);
      return key;
    }
    return hash || GENERAL;
  }

  async function previewRoom() {
    try {
      const status = await (await fetch('/status')).json();
      state.roomName = status.room;
      state.maxFileBytes = status.maxFileBytes || 0;
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
    if (connection === 'reconnecting') checkStillIn();
    ui.connection.className = 'connection ' + connection;
    ui.connection.textContent = STATE_TEXT[connection] || connection;
    document.body.dataset.connection = connection;
  }

  function showNotice(text) {
    ui.notice.textContent = text;
    ui.notice.hidden = !text;
  }

  // ---- the stream ------------------------------------------------------------------------------------------

  function onEvent(type, data, lastEventId) {
    const value = JSON.parse(data);
    if (lastEventId) {
      state.lastEventId = lastEventId;
      saveReadSoon();
    }
    switch (type) {
      case 'hello':
        state.roomName = value.room;
        ui.roomName.textContent = value.room;
        ui.dialogRoom.textContent = value.room;
        {
          // The hello lists every room there is: one deleted while this page was away is forgotten.
          const listed = new Set((value.rooms || []).map(room => room.id));
          [...state.rooms.keys()].filter(id => !listed.has(id)).forEach(forgetRoom);
          state.rooms.clear();
          (value.rooms || []).forEach(keepRoom);
        }
        state.host = !!value.host;
        showHostTools();
        if (state.me && !value.you) {
          // The server does not know this browser's token (its data was reset): sign in again under the name.
          reclaim();
        }
        renderNavSoon();
        updateTitle();
        if (localStorage.getItem(EPOCH_KEY) !== value.epoch) {
          // The server's history started over: ids we hold mean nothing now.
          const before = localStorage.getItem(EPOCH_KEY);
          localStorage.setItem(EPOCH_KEY, value.epoch);
          forgetRead();
          if (before !== null && state.active) conversation.showNewest();
        }
        break;
      case 'room':
        if (value.deleted) forgetRoom(value.id);
        else keepRoom(value);
        if (value.id === state.active) showComposerRules();
        renderNavSoon();
        break;
      case 'presence':
        state.online.clear();
        value.names.forEach(name => state.online.set(keyOf(name), name));
        renderOnlineSoon();
        break;
      case 'join':
        state.online.set(keyOf(value.name), value.name);
        renderOnlineSoon();
        break;
      case 'leave':
        state.online.delete(keyOf(value.name));
        renderOnlineSoon();
        break;
      case 'typing': {
        if (isMine(value.name)) break;
        const where = value.to ? '@' + keyOf(value.name) : value.room;
        if (!state.typing.has(where)) state.typing.set(where, new Map());
        state.typing.get(where).set(value.name, Date.now() + TYPING_SHOWN_MS);
        renderTyping();
        break;
      }
      case 'chat': {
        const where = conversationOf(value);
        const typingThere = state.typing.get(where);
        if (typingThere && typingThere.delete(value.author)) renderTyping();
        if (!isMine(value.author) && !value.notice) noticeArrival(value, where);
        if (where === state.active) {
          conversation.add(value);
          if (document.hidden && state.forMe.size) updateTitle();
        } else if (!isMine(value.author) && !value.notice) {
          state.unread.set(where, (state.unread.get(where) || 0) + 1);
          saveReadSoon();
          renderNavSoon();
          updateTitle();
        }
        break;
      }
      case 'edit':
      case 'delete':
      case 'reaction':
        // Ids are unique across conversations: the window shows the message as the event says it now stands when it
        // holds it, else ignores it.
        conversation.change(type, value);
        break;
      case 'gap':
        // The stream skipped a stretch it could not replay; what is still kept loads as the reader scrolls up.
        if (state.active) conversation.showNewest();
        break;
    }
  }

  function streamUrl(lastEventId) {
    let url = '/chat?view=json';
    if (lastEventId) url += '&lastEventId=' + encodeURIComponent(lastEventId);
    return url;
  }

  function startStream() {
    const params = new URLSearchParams(location.search);
    state.stream = new HubbubTabs.SharedStream({
      name: 'hubbub:' + location.host,
      url: streamUrl,
      eventTypes: ['hello', 'presence', 'join', 'leave', 'chat', 'gap', 'room', 'typing', 'edit', 'delete',
        'reaction'],
      election: params.get('tabs') || 'auto',
      onEvent,
      onState: showConnection,
      onRole: role => { document.body.dataset.role = role; },
    });
    state.stream.start(restoreRead());
  }

  // ---- sending ---------------------------------------------------------------------------------------------

  /** Sends a message; the same client id goes with every retry, so a post whose answer was lost is stored once. */
  async function send(text, clientId, existing, where, files, replyTo) {
    if (existing) conversation.markPending(clientId, existing);
    else conversation.addPending(clientId, state.me, text, files);
    const body = { text, clientId };
    if (replyTo) body.replyTo = replyTo;
    if (files.length) body.files = files.map(file => file.id);
    if (isDirect(where)) body.to = state.directs.get(where) || where.slice(1);
    else body.room = where;
    let reason;
    try {
      const response = await fetch('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
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
    conversation.failed(clientId, reason, li => send(text, clientId, li, where, files, replyTo));
  }

  // ---- reply, edit, delete, react --------------------------------------------------------------------------

  /** The composer answers a message ('reply'), or holds one of ours to edit ('edit'); null: a new message. */
  function compose(mode, message) {
    state.replyTo = mode === 'reply' ? message : null;
    if (state.editing && mode !== 'edit') ui.text.value = '';
    state.editing = mode === 'edit' ? message : null;
    ui.composing.hidden = !mode;
    if (mode === 'reply') {
      ui.composingWhat.textContent = 'Replying to ' + message.author + ': ' + (message.text || '📎').slice(0, 80);
    } else if (mode === 'edit') {
      ui.composingWhat.textContent = 'Editing your message (Enter saves, Escape cancels)';
      ui.text.value = message.text;
    }
    autosize();
    if (mode) ui.text.focus();
  }

  /** PATCH, DELETE or POST on /chat/{id}…; a refusal is shown as the server's sentence. */
  async function act(method, path, body) {
    try {
      const response = await fetch(path, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      if (response.ok) {
        showNotice('');
        return true;
      }
      showNotice((await response.text()).trim() || ('the server answered ' + response.status));
    } catch (e) {
      showNotice('The room cannot be reached right now.');
    }
    return false;
  }

  async function saveEdit() {
    const message = state.editing;
    const text = ui.text.value.trim();
    if (!text && !(message.files && message.files.length)) return;
    if (text !== message.text && !await act('PATCH', '/chat/' + encodeURIComponent(message.id), { text })) return;
    compose(null);
    ui.text.value = '';
    autosize();
  }

  function confirmDelete(message) {
    const theirs = !isMine(message.author);
    ui.deleteDialog.querySelector('h2').textContent = theirs ? 'Remove this message by ' + message.author + '?'
        : 'Delete this message?';
    ui.deleteDialog.querySelector('.hint').textContent = theirs
        ? 'Everyone will see “message removed by the host” in its place, and a line saying you removed it.'
        : 'Everyone will see “message deleted” in its place. This cannot be undone.';
    ui.deleteDialog.returnValue = '';
    ui.deleteDialog.onclose = () => {
      if (ui.deleteDialog.returnValue === 'delete') act('DELETE', '/chat/' + encodeURIComponent(message.id));
    };
    ui.deleteDialog.showModal();
  }

  function react(message, emoji, add) {
    const path = '/chat/' + encodeURIComponent(message.id) + '/reactions';
    if (add) act('POST', path, { emoji });
    else act('DELETE', path + '/' + encodeURIComponent(emoji));
  }

  // ---- search ----------------------------------------------------------------------------------------------

  /** The words of a search marked in a result's text (as text nodes and <mark>, never HTML). */
  function markWords(container, text, words) {
    const wanted = words.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).filter(Boolean);
    if (!wanted.length) {
      container.append(text);
      return;
    }
    const pattern = new RegExp('(' + wanted.join('|') + ')', 'giu');
    let at = 0;
    for (const match of text.matchAll(pattern)) {
      container.append(text.slice(at, match.index));
      const mark = document.createElement('mark');
      mark.textContent = match[0];
      container.append(mark);
      at = match.index + match[0].length;
    }
    container.append(text.slice(at));
  }

  async function search(query) {
    ui.searchResults.hidden = false;
    ui.searchSummary.textContent = 'Searching…';
    ui.searchList.replaceChildren();
    let answer;
    try {
      const response = await fetch('/search?q=' + encodeURIComponent(query));
      if (!response.ok) {
        ui.searchSummary.textContent = (await response.text()).trim();
        return;
      }
      answer = await response.json();
    } catch (e) {
      ui.searchSummary.textContent = 'The room cannot be reached right now.';
      return;
    }
    const count = answer.results.length;
    ui.searchSummary.textContent = count === 0 ? 'Nothing found for “' + query + '”'
        : (answer.more ? 'The newest ' + count : count) + ' message' + (count === 1 ? '' : 's') + ' with “'
          + query + '”';
    const words = query.split(/\s+/);
    ui.searchList.replaceChildren(...answer.results.map(message => {
      const item = document.createElement('li');
      const go = document.createElement('button');
      go.type = 'button';
      const where = document.createElement('div');
      where.className = 'where';
      const key = conversationOf(message);
      where.textContent = conversationLabel(key) + ' · ' + message.author + ' · '
          + new Date(message.sentAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      const text = document.createElement('div');
      markWords(text, message.text, words);
      go.append(where, text);
      go.onclick = () => jumpTo(key, message.id);
      item.append(go);
      return item;
    }));
  }

  /** Shows a conversation and the message with that id in it, loading older history until it is there. */
  async function jumpTo(key, id) {
    ui.searchResults.hidden = true;
    if (key !== state.active) {
      await open(key);
      location.hash = '#' + (isDirect(key) ? '@' + (state.directs.get(key) || key.slice(1)) : key);
    }
    if (!await conversation.reveal(id)) showNotice('That message is no longer kept.');
  }

  const tray = new HubbubFiles.Tray(ui.tray, {
    maxBytes: () => state.maxFileBytes,
    onChange: () => showNotice(''),
  });

  /** Sends what is typed and the files on the tray; when files are still uploading, once they are up. */
  async function submit() {
    const where = state.active;
    if (state.editing) {
      saveEdit();
      return;
    }
    if (state.submitting || !where || (!ui.text.value.trim() && tray.isEmpty())) return;
    let files = [];
    if (!tray.isEmpty()) {
      state.submitting = true;
      ui.send.disabled = true;
      ui.send.textContent = 'Uploading…';
      try {
        files = await tray.ready();
      } catch (e) {
        showNotice(e.message);
        return;
      } finally {
        state.submitting = false;
        ui.send.disabled = false;
        ui.send.textContent = 'Send';
      }
      tray.clear();
    }
    const text = ui.text.value.trim();
    if (!text && !files.length) return;
    const replyTo = state.replyTo && state.replyTo.id;
    ui.text.value = '';
    compose(null);
    send(text, HubbubTabs.randomId(), null, where, files, replyTo);
  }

  /** "Ann is typing…" under the conversation shown; each name goes a few seconds after its last word of it. */
  let typingTimer = null;
  function renderTyping() {
    const now = Date.now();
    for (const [where, names] of state.typing) {
      for (const [name, until] of names) if (until <= now) names.delete(name);
      if (!names.size) state.typing.delete(where);
    }
    const here = Array.from((state.typing.get(state.active) || new Map()).keys());
    ui.typing.textContent = here.length === 0 ? '' : here.length === 1 ? here[0] + ' is typing…'
        : here.length === 2 ? here[0] + ' and ' + here[1] + ' are typing…' : 'Several people are typing…';
    clearTimeout(typingTimer);
    typingTimer = state.typing.size ? setTimeout(renderTyping, 1000) : null;
  }

  // ---- mentions: "@An" completes from the people here ----------------------------------------------------

  /** The "@word" being typed just before the caret, or null. */
  function mentionBeingTyped() {
    const before = ui.text.value.slice(0, ui.text.selectionStart);
    const match = /(^|[^\p{L}\p{N}])@([^\s@]*)$/u.exec(before);
    return match ? { start: before.length - match[2].length - 1, partial: match[2] } : null;
  }

  /** People one may mention here: who is online, whom one writes to, and everyone (@room). */
  function mentionCandidates(partial) {
    const names = new Map();
    for (const name of state.online.values()) names.set(keyOf(name), name);
    for (const name of state.directs.values()) names.set(keyOf(name), name);
    if (state.me) names.delete(keyOf(state.me));
    const wanted = keyOf(partial);
    const found = Array.from(names.values()).filter(name => keyOf(name).startsWith(wanted)).sort();
    if ('room'.startsWith(wanted.toLowerCase())) found.push('room');
    return found.slice(0, 6);
  }

  function showMentionList() {
    const typed = mentionBeingTyped();
    const found = typed ? mentionCandidates(typed.partial) : [];
    ui.mentionList.replaceChildren(...found.map((name, i) => {
      const item = document.createElement('li');
      item.setAttribute('role', 'option');
      item.textContent = '@' + name + (name === 'room' ? ' — everyone here' : '');
      item.dataset.name = name;
      if (i === 0) item.classList.add('chosen');
      item.onmousedown = event => { event.preventDefault(); completeMention(name); };
      return item;
    }));
    ui.mentionList.hidden = found.length === 0;
  }

  function completeMention(name) {
    const typed = mentionBeingTyped();
    if (!typed) return;
    const text = ui.text.value;
    const inserted = '@' + name + ' ';
    ui.text.value = text.slice(0, typed.start) + inserted + text.slice(ui.text.selectionStart);
    const caret = typed.start + inserted.length;
    ui.text.setSelectionRange(caret, caret);
    ui.mentionList.hidden = true;
    autosize();
  }

  /** Tells the others this person is typing here: at most every few seconds; a failure does not matter. */
  function sayTyping() {
    const where = state.active;
    if (!state.me || !where || !ui.text.value.trim()) return;
    const now = Date.now();
    if (state.typingSent.where === where && now - state.typingSent.at < TYPING_EVERY_MS) return;
    state.typingSent = { where, at: now };
    const body = isDirect(where) ? { to: state.directs.get(where) || where.slice(1) } : { room: where };
    fetch('/typing', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        .catch(() => {});
  }

  /** Files dropped, pasted or picked go on the tray (and start uploading) once this browser is signed in. */
  function attach(files) {
    if (!state.me || !files || !files.length) return;
    tray.add(Array.from(files));
    ui.text.focus();
  }

  function autosize() {
    ui.text.style.height = 'auto';
    ui.text.style.height = Math.min(ui.text.scrollHeight, 160) + 'px';
    ui.text.style.overflowY = ui.text.scrollHeight > 160 ? 'auto' : 'hidden';
  }

  // ---- signing in ------------------------------------------------------------------------------------------

  async function postJson(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, text, json: response.ok && text ? JSON.parse(text) : null };
  }

  /**
   * Opened with the host link (?host=TOKEN, which `hubbub serve` prints): once signed in, this person becomes a
   * host, and the token leaves the address bar.
   */
  async function claimHost() {
    const params = new URLSearchParams(location.search);
    const token = params.get('host');
    if (!token) return;
    params.delete('host');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : '') + location.hash);
    const answer = await postJson('/host/claim', { token });
    if (!answer.ok) {
      showNotice(answer.text.trim());
      return;
    }
    state.host = true;
    showDoor(answer.json);
    ui.hostPanel.hidden = false;
    showComposerRules();
    renderOnline();
    if (state.stream) state.stream.restart();
  }

  /** Signed in already (cookie), or again with the kept token, or not: then ask for a name. */
  async function signInAtStart() {
    try {
      const current = await fetch('/session');
      if (current.ok) return signedIn((await current.json()).name, null);
      const token = localStorage.getItem(TOKEN_KEY);
      if (token) {
        const again = await postJson('/session', { token });
        if (again.ok) return signedIn(again.json.name, null);
        localStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      ui.dialogOnline.textContent = 'The room cannot be reached right now.';
    }
    previewRoom();
    askName();
  }

  /** After a reset, the name is claimed again (or, when someone took it meanwhile, asked for again). */
  async function reclaim() {
    try {
      const answer = await postJson('/session', { name: state.me });
      if (answer.ok) {
        if (answer.json.token) localStorage.setItem(TOKEN_KEY, answer.json.token);
        state.stream.restart();
        return;
      }
    } catch (e) {
      // asked below
    }
    localStorage.removeItem(TOKEN_KEY);
    state.me = null;
    askName();
  }

  function askName() {
    ui.nameError.textContent = '';
    ui.codeError.textContent = '';
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.nameInput.focus();
  }

  function signedIn(name, token) {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    if (ui.dialog.open) ui.dialog.close();
    state.me = name;
    ui.myName.textContent = name;
    ui.me.hidden = false;
    ui.send.disabled = ui.text.disabled = ui.fileInput.disabled = ui.search.disabled = false;
    showConnection('connecting');
    renderOnline();
    renderNav();
    showNotifyPanel();
    claimHost();
    if (!state.stream) startStream();
    open(fromHash());
  }

  ui.nameForm.addEventListener('submit', async event => {
    event.preventDefault();
    const name = ui.nameInput.value.trim();
    if (!name) {
      ui.nameError.textContent = 'Please type a name.';
      return;
    }
    try {
      const answer = await postJson('/session', { name });
      if (answer.ok) {
        signedIn(answer.json.name, answer.json.token);
      } else {
        ui.nameError.textContent = answer.text.trim();
        if (answer.status === 409) ui.codeInput.focus();
      }
    } catch (e) {
      ui.nameError.textContent = 'The room cannot be reached right now.';
    }
  });
  ui.codeForm.addEventListener('submit', async event => {
    event.preventDefault();
    const code = ui.codeInput.value.trim();
    if (!code) return;
    try {
      const answer = await postJson('/session', { code });
      if (answer.ok) signedIn(answer.json.name, answer.json.token);
      else ui.codeError.textContent = answer.text.trim();
    } catch (e) {
      ui.codeError.textContent = 'The room cannot be reached right now.';
    }
  });
  ui.dialog.addEventListener('cancel', event => { if (!state.me) event.preventDefault(); });

  $('link-device').addEventListener('click', async () => {
    try {
      const answer = await postJson('/session/link', {});
      if (!answer.ok) {
        showNotice(answer.text.trim());
        return;
      }
      ui.linkCode.textContent = answer.json.code;
      ui.linkExpiry.textContent = 'It works once, until '
          + new Date(answer.json.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + '.';
      ui.linkDialog.showModal();
    } catch (e) {
      showNotice('The room cannot be reached right now.');
    }
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await fetch('/session', { method: 'DELETE' });
    } finally {
      state.me = null;
      localStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(READ_KEY);
      location.reload();
    }
  });

  // ---- rooms -----------------------------------------------------------------------------------------------

  ui.newRoom.addEventListener('click', () => {
    ui.roomInput.value = '';
    ui.roomError.textContent = '';
    ui.roomDialog.showModal();
    ui.roomInput.focus();
  });
  $('room-cancel').addEventListener('click', () => ui.roomDialog.close());
  ui.roomForm.addEventListener('submit', async event => {
    event.preventDefault();
    const name = ui.roomInput.value.trim();
    if (!name) return;
    try {
      const answer = await postJson('/rooms', { name });
      if (answer.ok) {
        state.rooms.set(answer.json.id, answer.json.name);
        ui.roomDialog.close();
        location.hash = '#' + answer.json.id;
      } else {
        ui.roomError.textContent = answer.text.trim();
      }
    } catch (e) {
      ui.roomError.textContent = 'The room cannot be reached right now.';
    }
  });

  // ---- wiring ----------------------------------------------------------------------------------------------

  ui.composer.addEventListener('submit', event => { event.preventDefault(); submit(); });
  ui.text.addEventListener('keydown', event => {
    if (!ui.mentionList.hidden && (event.key === 'Tab' || event.key === 'Enter') && !event.isComposing) {
      event.preventDefault();
      completeMention(ui.mentionList.querySelector('.chosen').dataset.name);
      return;
    }
    if (!ui.mentionList.hidden && event.key === 'Escape') {
      ui.mentionList.hidden = true;
      return;
    }
    if (event.key === 'Escape' && (state.editing || state.replyTo)) {
      event.preventDefault();
      compose(null);
      return;
    }
    if (event.key === 'ArrowUp' && !ui.text.value && !state.editing) {
      // As in Slack: the up arrow in an empty box edits one's last message.
      const last = conversation.lastOwn();
      if (last) {
        event.preventDefault();
        compose('edit', last);
      }
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  $('composing-cancel').addEventListener('click', () => compose(null));
  ui.searchForm.addEventListener('submit', event => {
    event.preventDefault();
    const query = ui.search.value.trim();
    if (query) search(query);
  });
  ui.search.addEventListener('keydown', event => {
    if (event.key === 'Escape') ui.searchResults.hidden = true;
  });
  $('search-close').addEventListener('click', () => { ui.searchResults.hidden = true; });
  ui.text.addEventListener('input', autosize);
  ui.text.addEventListener('input', sayTyping);
  ui.text.addEventListener('input', showMentionList);
  ui.text.addEventListener('blur', () => { ui.mentionList.hidden = true; });
  ui.fileInput.addEventListener('change', () => {
    attach(ui.fileInput.files);
    ui.fileInput.value = '';
  });
  document.addEventListener('paste', event => {
    const files = event.clipboardData && event.clipboardData.files;
    if (files && files.length) {
      event.preventDefault();
      attach(files);
    }
  });
  const carriesFiles = event => event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
  let dragDepth = 0;
  ui.conversation.addEventListener('dragenter', event => {
    if (!carriesFiles(event) || !state.me) return;
    event.preventDefault();
    dragDepth++;
    ui.conversation.classList.add('dropping');
  });
  ui.conversation.addEventListener('dragover', event => {
    if (!carriesFiles(event) || !state.me) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  ui.conversation.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) ui.conversation.classList.remove('dropping');
  });
  ui.conversation.addEventListener('drop', event => {
    dragDepth = 0;
    ui.conversation.classList.remove('dropping');
    if (!carriesFiles(event)) return;
    event.preventDefault();
    attach(event.dataTransfer.files);
  });
  ui.peopleToggle.addEventListener('click', () => {
    const open = ui.people.classList.toggle('open');
    ui.peopleToggle.setAttribute('aria-expanded', String(open));
  });
  ui.navToggle.addEventListener('click', () => {
    const open = ui.nav.classList.toggle('open');
    ui.navToggle.setAttribute('aria-expanded', String(open));
  });
  window.addEventListener('hashchange', () => {
    const wanted = fromHash();
    if (wanted !== state.active) open(wanted);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      state.titleUnread = 0;
      if (state.active) state.forMe.delete(state.active);
      updateTitle();
    }
  });
  ui.notifyLevel.addEventListener('click', () => {
    const next = { mentions: 'all', all: 'none', none: 'mentions' }[notifier.level(state.active)];
    notifier.setLevel(state.active, next);
    if (next === 'none') state.forMe.delete(state.active);
    showLevel();
    renderNav();
    updateTitle();
  });
  ui.roomRules.addEventListener('click', () => {
    const room = state.active;
    const rules = rulesOf(room);
    ui.rulesRoom.textContent = conversationLabel(room);
    ui.rulesReadOnly.checked = rules.readOnly;
    ui.rulesSlow.value = String(rules.slowModeSeconds);
    ui.rulesError.textContent = '';
    // General is where everyone starts: it is neither archived nor deleted.
    ui.rulesRoomActions.hidden = room === GENERAL;
    ui.rulesArchive.hidden = ui.rulesArchiveHint.hidden = rules.archived;
    ui.rulesUnarchive.hidden = !rules.archived;
    ui.rulesDialog.returnValue = '';
    ui.rulesDialog.onclose = () => {
      const choice = ui.rulesDialog.returnValue;
      if (choice === 'save') {
        hostAction('POST', '/host/room', { room, readOnly: ui.rulesReadOnly.checked,
          slowModeSeconds: Number(ui.rulesSlow.value) });
      } else if (choice === 'archive' || choice === 'unarchive') {
        hostAction('POST', '/host/archive-room', { room, archived: choice === 'archive' });
      } else if (choice === 'delete') {
        confirmDeleteRoom(room);
      }
    };
    ui.rulesDialog.showModal();
  });

  /** Deleting a room cannot be undone: the host says so twice. */
  function confirmDeleteRoom(room) {
    ui.deleteRoomName.textContent = conversationLabel(room);
    ui.deleteRoomDialog.returnValue = '';
    ui.deleteRoomDialog.onclose = () => {
      if (ui.deleteRoomDialog.returnValue === 'delete') hostAction('POST', '/host/delete-room', { room });
    };
    ui.deleteRoomDialog.showModal();
  }
  ui.inviteOn.addEventListener('click', async () => {
    const door = await hostAction('POST', '/host/key', { signOutEveryone: false });
    if (door) showDoor(door);
  });
  ui.inviteNew.addEventListener('click', async () => {
    const door = await hostAction('POST', '/host/key', { signOutEveryone: false });
    if (door) showDoor(door);
  });
  ui.inviteOff.addEventListener('click', async () => {
    const door = await hostAction('DELETE', '/host/key');
    if (door) showDoor(door);
  });
  ui.inviteLink.addEventListener('focus', () => ui.inviteLink.select());
  ui.notifyEnable.addEventListener('click', async () => {
    await notifier.ask();
    showNotifyPanel();
  });
  $('notify-why-ok').addEventListener('click', () => {
    notifier.dismissExplanation();
    showNotifyPanel();
  });
  ui.notifySound.addEventListener('change', () => {
    notifier.setSound(ui.notifySound.checked);
    if (ui.notifySound.checked) notifier.beep();
  });
  window.addEventListener('offline', () => showConnection('offline'));
  window.addEventListener('pagehide', saveRead);

  signInAtStart();
})();
