/*
 * Telling the reader when something is for them: a system notification where the browser allows one (the
 * Notification API needs a secure context: https, which `hubbub serve --tls` gives, or localhost); elsewhere the
 * tab's title and icon carry the unread count and, if the reader wants, a short sound plays. The page explains once
 * why notifications need --tls. Each conversation has a level: every message, mentions and direct messages (the
 * default), or muted; muted ones raise nothing and count nowhere but their own badge.
 */
import { t } from './i18n.js';
import { stored } from './dom.js';

const LEVELS_KEY = 'hubbub.notify';
const SOUND_KEY = 'hubbub.sound';
const EXPLAINED_KEY = 'hubbub.notifyExplained';
const FRESH_MS = 60000;
const ICON = document.querySelector('link[rel=icon]');
const PLAIN_ICON = ICON ? ICON.href : '';


/**
 * @param options
 *   onOpen(conversation, id): the reader clicked a notification
 *   isLeader(): whether this tab holds the stream (one tab of a browser notifies and plays sounds)
 *   holding(): whether the reader's do-not-disturb holds notifications and sounds now
 */
class Notifier {
  constructor(options) {
    this.options = options;
    this.levels = stored(LEVELS_KEY, {});
    this.sound = stored(SOUND_KEY, false);
    this.audio = null;
    // Browsers let a page start sound only after the reader did something on it.
    const unlock = () => {
      if (!this.audio && window.AudioContext) this.audio = new AudioContext();
      if (this.audio && this.audio.state === 'suspended') this.audio.resume();
    };
    document.addEventListener('pointerdown', unlock, { capture: true });
    document.addEventListener('keydown', unlock, { capture: true });
  }

  /** Whether this page may raise system notifications at all (secure context, and the API there). */
  supported() {
    return window.isSecureContext && 'Notification' in window;
  }

  permission() {
    return this.supported() ? Notification.permission : 'unavailable';
  }

  async ask() {
    if (!this.supported()) return 'unavailable';
    return Notification.requestPermission();
  }

  /** 'all', 'mentions' or 'none' for a conversation. */
  level(conversation) {
    return this.levels[conversation] || 'mentions';
  }

  setLevel(conversation, level) {
    if (level === 'mentions') delete this.levels[conversation];
    else this.levels[conversation] = level;
    localStorage.setItem(LEVELS_KEY, JSON.stringify(this.levels));
  }

  isMuted(conversation) {
    return this.level(conversation) === 'none';
  }

  setSound(on) {
    this.sound = !!on;
    localStorage.setItem(SOUND_KEY, JSON.stringify(this.sound));
  }

  /** Whether the page has explained (and the reader dismissed) why notifications need --tls. */
  explained() {
    return stored(EXPLAINED_KEY, false);
  }

  dismissExplanation() {
    localStorage.setItem(EXPLAINED_KEY, 'true');
  }

  /**
   * A message arrived from someone else: raises a notification (or plays the sound) when it is for the reader
   * by the conversation's level, is new (not part of a replay of older history), and the reader is not looking
   * at it. Returns whether it counted as for the reader.
   */
  arrived(message, conversation, forMe, looking, title) {
    const level = this.level(conversation);
    if (level === 'none' || (level === 'mentions' && !forMe)) return false;
    const fresh = Date.now() - new Date(message.sentAt).getTime() < FRESH_MS;
    if (!fresh || looking || !this.options.isLeader()) return true;
    if (this.options.holding && this.options.holding()) {
      // Do not disturb: nothing shows or sounds, and it counts as unread as ever (the body counts what was held).
      document.body.dataset.held = String(Number(document.body.dataset.held || 0) + 1);
      return true;
    }
    const text = message.deleted ? ''
        : (message.text || (message.files && message.files.length ? '📎 ' + t('announce.files.one') : ''));
    if (this.permission() === 'granted') {
      const shown = new Notification(title, {
        body: text.length > 140 ? text.slice(0, 140) + '…' : text,
        tag: message.id,
        icon: PLAIN_ICON,
      });
      shown.onclick = () => {
        window.focus();
        shown.close();
        this.options.onOpen(conversation, message.id, message);
      };
    } else if (this.sound) {
      this.beep();
    }
    return true;
  }

  /** Two short notes, made on the spot (no file to fetch). */
  beep() {
    if (!this.audio || this.audio.state !== 'running') return;
    const now = this.audio.currentTime;
    [[880, 0], [1320, 0.12]].forEach(([frequency, at]) => {
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + at);
      gain.gain.exponentialRampToValueAtTime(0.15, now + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.11);
      tone.connect(gain).connect(this.audio.destination);
      tone.start(now + at);
      tone.stop(now + at + 0.12);
    });
    document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  }

  /** The tab's icon with the unread count on it (none: the plain icon). */
  badge(count, urgent) {
    if (!ICON) return;
    if (!count) {
      if (ICON.href !== PLAIN_ICON) ICON.href = PLAIN_ICON;
      document.body.dataset.badge = '';
      return;
    }
    const label = count > 99 ? '99+' : String(count);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d');
    g.fillStyle = '#2f6fde';
    g.beginPath();
    g.roundRect(0, 0, 64, 64, 16);
    g.fill();
    g.fillStyle = urgent ? '#d93025' : '#ff9f1c';
    g.beginPath();
    g.arc(40, 24, 24, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#fff';
    g.font = 'bold ' + (label.length > 2 ? 22 : 30) + 'px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, 40, 26);
    ICON.href = canvas.toDataURL('image/png');
    document.body.dataset.badge = label;
  }
}

export { Notifier };
