/*
 * Small things every module of the page uses to draw and to ask the server: nothing here knows the room.
 */
import { t } from './i18n.js';

export const $ = id => document.getElementById(id);

/** Calls {@code draw} at the next frame, or within 250 ms in a hidden tab (where frames do not run). */
export function soon(draw) {
  requestAnimationFrame(draw);
  setTimeout(draw, 250);
}

/** A drawing that happens at most once a frame however often it is asked for. */
export function batched(draw) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    soon(() => {
      if (!queued) return;
      queued = false;
      draw();
    });
  };
}

export function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A JSON POST: its status, its text, and its JSON when it succeeded. */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { ok: response.ok, status: response.status, text, json: response.ok && text ? JSON.parse(text) : null };
}

/**
 * Lower case without accents or other marks, so "creme" finds "Crème": how the page's filters and its switcher
 * compare names, as the server's searches and the app's lists do (Names.fold).
 */
export function folded(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** What localStorage holds as JSON under a key; {@code fallback} when nothing, or nothing readable. */
export function stored(key, fallback) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    return value === null ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

/** What the page says when the server cannot be reached at all. */
export const UNREACHABLE = t('unreachable');
