var source = new EventSource('/chat');
source.addEventListener('chat', function (e) {
  var li = document.createElement('li');
  li.textContent = e.data;
  document.getElementById('log').appendChild(li);
});
document.getElementById('form').onsubmit = function (e) {
  e.preventDefault();
  var text = document.getElementById('text');
  fetch('/chat', { method: 'POST', body: document.getElementById('name').value + ': ' + text.value });
  text.value = '';
};
