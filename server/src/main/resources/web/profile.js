/*
 * The reader's picture: "Set a picture" uploads one (POST /files, which checks and thumbnails it) and makes it their
 * picture (PUT /profile/picture: the server keeps a 128-pixel square of it); "Remove picture" goes back to their
 * initials. Others see the change within a few minutes (their browsers keep an avatar that long); this page at once.
 */
import { refreshAvatar } from './message-item.js';
import { $, UNREACHABLE } from './dom.js';
import { changed, state } from './state.js';

const input = $('picture-input');

async function setPicture(file) {
  try {
    const upload = await fetch('/files?name=' + encodeURIComponent(file.name), {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    if (!upload.ok) {
      changed('notice', (await upload.text()).trim());
      return;
    }
    const { id } = await upload.json();
    const set = await fetch('/profile/picture', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ file: id }),
    });
    if (!set.ok) {
      changed('notice', (await set.text()).trim());
      return;
    }
    changed('notice', '');
    refreshAvatar(state.me);
  } catch (e) {
    changed('notice', UNREACHABLE);
  }
}

input.addEventListener('change', () => {
  if (input.files.length) setPicture(input.files[0]);
  input.value = '';
});

$('picture-remove').addEventListener('click', async () => {
  try {
    const answer = await fetch('/profile/picture', { method: 'DELETE' });
    if (!answer.ok) {
      changed('notice', (await answer.text()).trim());
      return;
    }
    refreshAvatar(state.me);
  } catch (e) {
    changed('notice', UNREACHABLE);
  }
});
