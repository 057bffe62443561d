/*
 * One event stream per browser, shared by all of its tabs.
 *
 * Browsers allow six HTTP/1.1 connections per host, and each EventSource holds one for good, so seven tabs of a
 * chat would stall. Here one tab, the leader, holds the EventSource and relays every event to the other tabs over a
 * BroadcastChannel. When the leader closes, another tab takes over and reopens the stream from the last message id
 * it has seen, so nothing is missed.
 *
 * Who leads: where the page is a secure context (https, or localhost) a Web Lock decides, and hands over the moment
 * the leader's tab closes. Elsewhere (plain http on a LAN address, where Web Locks do not exist) the leader writes a
 * heartbeat into localStorage every second and another tab takes over when it goes stale.
 */
const HEARTBEAT_MS = 1000;
const STALE_MS = 3000;
const REPLAY_LIMIT = 500;
const RETRY_MAX_MS = 30000;

function randomId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {object} options
 *   name: what to call the channel and lock (one per room URL)
 *   url(lastEventId): the stream URL to open
 *   onEvent(type, data, lastEventId): every event, in order, in every tab
 *   onState(state): 'connecting' | 'connected' | 'reconnecting' | 'offline'
 *   onRole(role): 'leader' | 'follower', for display and tests
 *   eventTypes: the event types to listen for
 *   election: 'auto' (default), 'locks' or 'storage'
 */
class SharedStream {
  constructor(options) {
    this.options = options;
    this.id = randomId();
    this.channel = new BroadcastChannel(options.name);
    this.leaderKey = options.name + '.leader';
    this.role = null;
    this.source = null;
    this.retryDelay = 1000;
    this.lastEventId = null;
    this.memory = { hello: null, presence: null, changes: [], chats: [] };
    this.state = 'connecting';
    this.channel.onmessage = event => this.receive(event.data);
  }

  start(lastEventId) {
    this.lastEventId = lastEventId || null;
    this.setRole('follower');
    this.channel.postMessage({ kind: 'sync-request', from: this.id });
    const election = this.options.election || 'auto';
    if (election !== 'storage' && navigator.locks && window.isSecureContext) {
      navigator.locks.request(this.options.name + '.lock', () => {
        this.lead();
        return new Promise(() => {}); // held until this tab goes away
      });
    } else {
      this.watchHeartbeat();
    }
    window.addEventListener('pagehide', () => this.resign());
  }

  /** Reopens the stream with a new URL (the name changed): the leader reconnects, followers ask it to. */
  restart() {
    if (this.role === 'leader') {
      this.open();
    } else {
      this.channel.postMessage({ kind: 'restart' });
    }
  }

  /** Stops for good (the room will not have this browser back): no reconnecting, no leader. */
  stop() {
    this.stopped = true;
    if (this.source) this.source.close();
    this.source = null;
    this.setState('offline');
  }

  lead() {
    if (this.role === 'leader' || this.stopped) {
      return;
    }
    this.setRole('leader');
    this.writeHeartbeat();
    this.open();
  }

  open() {
    if (this.stopped) return;
    if (this.source) {
      this.source.close();
    }
    this.setState(this.state === 'connected' ? 'reconnecting' : this.state);
    const source = new EventSource(this.options.url(this.lastEventId));
    this.source = source;
    source.onopen = () => {
      this.retryDelay = 1000;
      this.setState('connected');
    };
    source.onerror = () => {
      if (source !== this.source) {
        return;
      }
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (a 4xx or 5xx): the browser gives up, so try again ourselves.
        this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
        const delay = this.retryDelay * (0.75 + Math.random() / 2);
        this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
        setTimeout(() => { if (source === this.source && this.role === 'leader') this.open(); }, delay);
      } else {
        this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
      }
    };
    for (const type of this.options.eventTypes) {
      source.addEventListener(type, event => this.relay(type, event.data, event.lastEventId));
    }
  }

  relay(type, data, lastEventId) {
    this.channel.postMessage({ kind: 'event', type, data, lastEventId });
    this.deliver(type, data, lastEventId);
  }

  deliver(type, data, lastEventId) {
    if (lastEventId) {
      this.lastEventId = lastEventId;
    }
    this.remember({ type, data, lastEventId });
    this.options.onEvent(type, data, lastEventId);
  }

  /**
   * Every tab remembers enough to bring a newly opened tab up to date, so whichever tab leads next can: the room's
   * hello, who was online and the changes since, and the newest messages.
   */
  remember(event) {
    const memory = this.memory;
    if (event.type === 'hello') {
      if (memory.hello && memory.hello.data !== event.data) memory.chats = [];
      memory.hello = event;
    } else if (event.type === 'presence') {
      memory.presence = event;
      memory.changes = [];
    } else if (event.type === 'join' || event.type === 'leave') {
      memory.changes.push(event);
    } else if (event.type === 'read') {
      // Not kept: a new tab asks GET /read for the conversation it shows.
    } else {
      memory.chats.push(event);
      if (memory.chats.length > REPLAY_LIMIT) memory.chats.splice(0, memory.chats.length - REPLAY_LIMIT);
    }
  }

  remembered() {
    const m = this.memory;
    return [m.hello, m.presence, ...m.changes, ...m.chats].filter(Boolean);
  }

  receive(message) {
    switch (message.kind) {
      case 'event':
        if (this.role !== 'leader') this.deliver(message.type, message.data, message.lastEventId);
        break;
      case 'state':
        if (this.role !== 'leader') this.setState(message.state);
        break;
      case 'sync-request':
        if (this.role === 'leader') {
          this.channel.postMessage({ kind: 'sync', to: message.from, events: this.remembered(), state: this.state });
        }
        break;
      case 'sync':
        if (message.to === this.id && this.role !== 'leader') {
          message.events.forEach(e => this.deliver(e.type, e.data, e.lastEventId));
          this.setState(message.state);
        }
        break;
      case 'restart':
        if (this.role === 'leader') this.open();
        break;
      case 'resign':
        if (this.role !== 'leader' && !this.usesLocks()) setTimeout(() => this.claimIfStale(true), Math.random() * 100);
        break;
    }
  }

  setState(state) {
    this.state = state;
    if (this.role === 'leader') {
      this.channel.postMessage({ kind: 'state', state });
    }
    this.options.onState(state);
  }

  setRole(role) {
    this.role = role;
    if (this.options.onRole) this.options.onRole(role);
  }

  usesLocks() {
    return (this.options.election || 'auto') !== 'storage' && !!navigator.locks && window.isSecureContext;
  }

  resign() {
    if (this.role !== 'leader') {
      return;
    }
    if (this.source) this.source.close();
    if (!this.usesLocks()) {
      const current = this.readHeartbeat();
      if (current && current.id === this.id) localStorage.removeItem(this.leaderKey);
    }
    this.channel.postMessage({ kind: 'resign' });
  }

  watchHeartbeat() {
    this.claimIfStale(false);
    setInterval(() => {
      if (this.role === 'leader') {
        const current = this.readHeartbeat();
        if (current && current.id !== this.id && Date.now() - current.at < STALE_MS && current.id < this.id) {
          // Two leaders after a race: the smaller id keeps the stream.
          this.stepDown();
          return;
        }
        this.writeHeartbeat();
      } else {
        this.claimIfStale(false);
      }
    }, HEARTBEAT_MS);
  }

  claimIfStale(force) {
    const current = this.readHeartbeat();
    if (!force && current && Date.now() - current.at < STALE_MS) {
      return;
    }
    this.writeHeartbeat();
    setTimeout(() => {
      const winner = this.readHeartbeat();
      if (winner && winner.id === this.id) this.lead();
    }, 150 + Math.random() * 100);
  }

  stepDown() {
    if (this.source) this.source.close();
    this.source = null;
    this.setRole('follower');
  }

  readHeartbeat() {
    try {
      return JSON.parse(localStorage.getItem(this.leaderKey));
    } catch (e) {
      return null;
    }
  }

  writeHeartbeat() {
    if (!this.usesLocks()) {
      localStorage.setItem(this.leaderKey, JSON.stringify({ id: this.id, at: Date.now() }));
    }
  }
}

export { SharedStream, randomId };
