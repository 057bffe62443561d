/*
 * Files in Hubbub's page: the tray of files on their way (each uploaded with POST /files as soon as it is dropped,
 * pasted or picked, with a progress bar and a ✕ that cancels it), and how a message shows the files it carries
 * (pictures as thumbnails that open the full picture, other files as cards that download). Names and types go into
 * the page as text, never as HTML; only URLs the server made (/files/…) are used.
 */
import { t, locale } from './i18n.js';
const PICTURE_BOX = 280;   // CSS pixels: a thumbnail is shown at most this wide or tall

/** A byte count as people read it: 900 B, 12.5 kB, 3.4 MB (powers of 1000, like the server's). */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
/** One decimal below 100 ("3.0 MB", "12.5 kB"), none from 100 up ("250 MB") and for bytes ("500 bytes"). */
const sizes = digits => UNITS.map(unit => new Intl.NumberFormat(locale, { style: 'unit', unit,
  unitDisplay: unit === 'byte' ? 'long' : 'short', minimumFractionDigits: digits, maximumFractionDigits: digits }));
const SIZES = [sizes(1), sizes(0)];

/** A size as the reader's language writes it ("1.5 MB", "1,5 MB"). */
function humanSize(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return SIZES[unit === 0 || value >= 100 ? 1 : 0][unit].format(value);
}

function ours(url) {
  return typeof url === 'string' && url.startsWith('/files/');
}

const SVG = 'http://www.w3.org/2000/svg';

/** A sheet of paper with a folded corner (drawn, so it shows without an emoji font). */
function fileIcon() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'file-icon');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M6 2h8l5 5v15H6z M14 2v5h5');
  svg.append(path);
  return svg;
}

/** The files of a message, as one element; null when it carries none. */
function renderFiles(files) {
  if (!files || !files.length) return null;
  const box = document.createElement('div');
  box.className = 'files';
  for (const file of files) {
    if (!ours(file.url)) continue;
    if (ours(file.thumbnail)) {
      const link = document.createElement('a');
      link.className = 'picture';
      link.href = file.url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.title = file.name + ' (' + humanSize(file.size) + ')';
      const img = document.createElement('img');
      img.src = file.thumbnail;
      img.alt = file.name;
      img.loading = 'lazy';
      img.decoding = 'async';
      if (file.width && file.height) {
        // The box is reserved before the picture loads, so nothing below it jumps.
        const scale = Math.min(1, PICTURE_BOX / Math.max(file.width, file.height));
        img.width = Math.max(1, Math.round(file.width * scale));
        img.height = Math.max(1, Math.round(file.height * scale));
      }
      link.append(img);
      box.append(link);
    } else {
      const card = document.createElement('a');
      card.className = 'file-card';
      card.href = file.url;
      card.download = file.name;
      const text = document.createElement('span');
      text.className = 'file-text';
      text.append(span('file-name', file.name), span('file-detail', humanSize(file.size) + ' · ' + file.type));
      card.append(fileIcon(), text);
      box.append(card);
    }
  }
  return box;
}

/** A <span> of this class with this text. */
function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/** A pasted screenshot arrives as "image.png"; give it a name that says what and when. */
function named(file) {
  if (file.name && file.name !== 'image.png') return file;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '.');
  const extension = (file.type.split('/')[1] || 'png').replace('jpeg', 'jpg');
  return new File([file], t('files.pasted', { when: stamp }) + '.' + extension, { type: file.type });
}

/**
 * The files waiting to go with the next message.
 * @param list the <ul> that shows them
 * @param options
 *   maxBytes(): the largest file the server takes (0: unknown)
 *   onChange(): the tray gained or lost a file
 */
class Tray {
  constructor(list, options) {
    this.list = list;
    this.options = options;
    this.items = [];
  }

  isEmpty() {
    return this.items.length === 0;
  }

  /** Starts uploading each file at once. */
  add(files) {
    for (const raw of files) this.upload(named(raw));
    this.list.hidden = this.items.length === 0;
    this.options.onChange();
  }

  upload(file) {
    const li = document.createElement('li');
    li.className = 'upload';
    const name = span('file-name', file.name);
    const size = span('file-detail', humanSize(file.size));
    const progress = document.createElement('progress');
    progress.max = Math.max(1, file.size);
    progress.value = 0;
    const status = document.createElement('span');
    status.className = 'upload-state';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '✕';
    remove.title = t('files.cancel');
    remove.setAttribute('aria-label', t('files.cancelNamed', { name: file.name }));
    li.append(name, size, progress, status, remove);
    this.list.append(li);

    const item = { file, li, xhr: null, result: null, error: null, waiters: [] };
    this.items.push(item);
    remove.onclick = () => this.cancel(item);
    const max = this.options.maxBytes();
    if (max && file.size > max) {
      this.fail(item, t('files.tooLarge', { size: humanSize(max) }));
      return;
    }
    const xhr = new XMLHttpRequest();
    item.xhr = xhr;
    xhr.open('POST', '/files?name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = event => {
      if (event.lengthComputable) {
        progress.max = Math.max(1, event.total);
        progress.value = event.loaded;
        status.textContent = Math.floor(100 * event.loaded / Math.max(1, event.total)) + ' %';
      }
    };
    xhr.onload = () => {
      item.xhr = null;
      if (xhr.status === 201) {
        item.result = JSON.parse(xhr.responseText);
        progress.value = progress.max;
        li.classList.add('done');
        status.textContent = t('files.ready');
        this.settle(item);
      } else {
        this.fail(item, (xhr.responseText || '').trim() || t('serverAnswered', { status: xhr.status }));
      }
    };
    xhr.onerror = () => { item.xhr = null; this.fail(item, t('files.unreachable')); };
    xhr.send(file);
  }

  fail(item, reason) {
    item.error = reason;
    item.li.classList.add('failed');
    item.li.querySelector('.upload-state').textContent = 'not sent: ' + reason;
    item.li.querySelector('progress').hidden = true;
    this.settle(item);
  }

  settle(item) {
    for (const wake of item.waiters.splice(0)) wake();
  }

  /** Stops an upload under way, or takes a file off the tray. */
  cancel(item) {
    if (item.xhr) item.xhr.abort();
    item.li.remove();
    this.items = this.items.filter(other => other !== item);
    this.list.hidden = this.items.length === 0;
    this.settle(item);
    this.options.onChange();
  }

  /**
   * Resolves to the uploaded files (as POST /files answered) once every file on the tray is up; rejects with a
   * reason when one could not be sent.
   */
  async ready() {
    for (const item of this.items.slice()) {
      if (!item.result && !item.error) {
        await new Promise(wake => item.waiters.push(wake));
      }
    }
    const failed = this.items.find(item => item.error);
    if (failed) {
      throw new Error(t('files.notSent', { name: failed.file.name, reason: failed.error }));
    }
    return this.items.filter(item => item.result).map(item => item.result);
  }

  /** Stops every upload and empties the tray (its files are not wanted where the reader went). */
  cancelAll() {
    for (const item of this.items.slice()) this.cancel(item);
  }

  /** Empties the tray (its files went with a message). */
  clear() {
    for (const item of this.items) item.li.remove();
    this.items = [];
    this.list.hidden = true;
    this.options.onChange();
  }
}

/**
 * The tray's files once every one is up (emptying the tray), with its Send button saying "Uploading…" meanwhile;
 * null when one could not be sent (its reason goes to {@code tell}, and the tray keeps its files).
 */
async function uploaded(tray, button, tell) {
  if (tray.isEmpty()) return [];
  button.disabled = true;
  button.textContent = t('files.uploading');
  try {
    const files = await tray.ready();
    tray.clear();
    return files;
  } catch (e) {
    tell(e.message);
    return null;
  } finally {
    button.disabled = false;
    button.textContent = t('composer.send');
  }
}

export { renderFiles, humanSize, Tray, uploaded };
