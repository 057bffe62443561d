/*
 * The page's words. Every sentence, label and title the page shows comes from one JSON catalog per language
 * (i18n/en.json, de.json, fr.json, es.json, ar.json), keyed by name; English is the reference every other catalog
 * has all the keys of (a test fails otherwise) and the fallback for a key a catalog lacks. The language is the one
 * the reader chose in the page (kept in localStorage and in a cookie, so the server answers in it too), else the
 * first of the browser's languages Hubbub has, else English. Arabic mirrors the page (dir="rtl").
 *
 * In a catalog, {name} is replaced by a value; a key with a count has one entry per plural category of the language
 * (key.one, key.other; Arabic also zero, two, few, many), chosen by Intl.PluralRules. The page's own HTML names its
 * keys in data-i18n (the text), data-i18n-html (text with markup, from our catalogs only) and
 * data-i18n-attr="title:key;placeholder:key;aria-label:key".
 *
 * "en-XA" is a pseudo-language for testing: English with accents on every letter and a third longer, so a test can
 * see both a string that does not come from a catalog and one that is cut off when words are longer.
 */
export const LANGUAGES = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', ar: 'العربية' };
export const PSEUDO = 'en-XA';
const RTL = new Set(['ar']);
const LANGUAGE_KEY = 'hubbub.lang';
/** The cookie the server reads first for the language of its sentences (before Accept-Language). */
const LANGUAGE_COOKIE = 'hubbub-lang';

/** The language the reader chose, else the browser's first one Hubbub has, else English. */
function chosenLanguage() {
  let kept = null;
  try {
    kept = localStorage.getItem(LANGUAGE_KEY);
  } catch (e) { /* storage refused: the browser's language */ }
  if (kept && (kept in LANGUAGES || kept === PSEUDO)) return kept;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

async function load(code) {
  try {
    const response = await fetch('i18n/' + code + '.json');
    if (response.ok) return await response.json();
  } catch (e) { /* unreachable: the page's other catalog, or none */ }
  return {};
}

const ACCENTED = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ', n: 'ñ',
  o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ', N: 'Ñ',
  O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** English, accented and a third longer; placeholders and markup stay as they are. */
export function pseudo(text) {
  const letters = text.replace(/\{[a-zA-Z]+\}|<[^>]*>|&[a-z]+;/g, '').replace(/[^A-Za-z]/g, '').length;
  const accented = text.replace(/(\{[a-zA-Z]+\}|<[^>]*>|&[a-z]+;)|([A-Za-z])/g,
      (all, kept, letter) => kept || ACCENTED[letter]);
  return letters === 0 ? text : '⟦' + accented + ' ' + '~'.repeat(Math.ceil(letters / 3)) + '⟧';
}

export const language = chosenLanguage();
// Both at once: English (preloaded by the page) and the reader's language.
const [english, own] = await Promise.all([load('en'),
  language === 'en' || language === PSEUDO ? null : load(language)]);
const words = language === 'en' ? english
    : language === PSEUDO ? Object.fromEntries(Object.entries(english).map(([k, v]) => [k, pseudo(v)]))
    : own;
const plurals = new Intl.PluralRules(language);
const numbers = new Intl.NumberFormat(language);
/** The locale dates and numbers are written in: the page's language (the pseudo-language writes English's). */
export const locale = language === PSEUDO ? 'en' : language;
const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{([a-zA-Z]+)\}/g, (all, name) => name in values
      ? (typeof values[name] === 'number' ? numbers.format(values[name]) : String(values[name])) : all);
}

/** The words for {@code key} in the reader's language, with {name}s filled from {@code values}. */
export function t(key, values) {
  const text = words[key] ?? english[key];
  if (text === undefined) {
    console.warn('No words for ' + key);
    return key;
  }
  return fill(text, values);
}

/** The words for {@code key} with a count: the plural form the language uses for {@code count} ({count} filled). */
export function tn(key, count, values) {
  const form = plurals.select(count);
  const text = words[key + '.' + form] ?? words[key + '.other'] ?? english[key + '.' + form] ?? english[key + '.other'];
  if (text === undefined) {
    console.warn('No words for ' + key);
    return key;
  }
  return fill(text, { count, ...values });
}

/**
 * A sentence of the catalogs as the server sends it ({key, values}: a notice, what the host did), in the reader's
 * language; a value that is a sentence too is said the same way, a count picks the plural form.
 */
export function say(sentence) {
  const values = {};
  for (const [name, value] of Object.entries(sentence.values || {})) {
    values[name] = value && typeof value === 'object' && value.key ? say(value) : value;
  }
  const plural = !(sentence.key in english) && (sentence.key + '.other') in english;
  return plural ? tn(sentence.key, Number(values.count), values) : t(sentence.key, values);
}

/** Names joined as the language joins them ("Ann, Bob and Cy"). */
export function joinNames(names) {
  return lists.format(names);
}

/** A number written as the language writes it. */
export function number(n) {
  return numbers.format(n);
}

/** Puts the catalog's words into the page's HTML (and into anything later added with the same attributes). */
export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  // Markup from our own catalogs only (kbd, code, b): never a person's words.
  for (const element of root.querySelectorAll('[data-i18n-html]')) element.innerHTML = t(element.dataset.i18nHtml);
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map(part => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
}

/** Chooses the page's language (kept for the next visit and told to the server) and reloads the page in it. */
export function chooseLanguage(code) {
  try {
    localStorage.setItem(LANGUAGE_KEY, code);
  } catch (e) { /* not kept: the cookie still says it */ }
  document.cookie = LANGUAGE_COOKIE + '=' + encodeURIComponent(code) + '; path=/; max-age=31536000; SameSite=Lax';
  location.reload();
}

document.documentElement.lang = locale === 'en' && language === PSEUDO ? 'en-XA' : language;
document.documentElement.dir = RTL.has(language) ? 'rtl' : 'ltr';
// The server answers in the page's language even when it is not the browser's first one.
document.cookie = LANGUAGE_COOKIE + '=' + encodeURIComponent(language) + '; path=/; max-age=31536000; SameSite=Lax';
translate();
for (const select of document.querySelectorAll('select.language-choice')) {
  for (const [code, name] of Object.entries(LANGUAGES)) {
    select.append(Object.assign(document.createElement('option'), { value: code, textContent: name, lang: code }));
  }
  if (language === PSEUDO) select.append(Object.assign(document.createElement('option'), { value: PSEUDO, textContent: 'Pseudo' }));
  select.value = language;
  select.addEventListener('change', () => chooseLanguage(select.value));
}
document.documentElement.classList.remove('loading');
