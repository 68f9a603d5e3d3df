// Counter console: each button calls the counter API with the page's session and form token. A button stays
// disabled until its answer arrives, so a double click is one call. N calls the next number, R recalls.
(function () {
  'use strict';
  var root = document.getElementById('queue-console');
  if (!root) { return; }
  var counter = root.getAttribute('data-counter');
  var csrf = root.getAttribute('data-csrf');
  var current = document.getElementById('console-current');
  var errorBox = document.getElementById('console-error');
  var intake = document.getElementById('console-intake');
  var busy = false;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }
  function showTicket(ticket) {
    if (!current) { return; }
    if (!ticket) { current.textContent = 'Quầy đang trống.'; current.setAttribute('data-ticket', ''); return; }
    current.setAttribute('data-ticket', ticket.id);
    current.textContent = '';
    current.appendChild(document.createTextNode('Đang mời số '));
    var strong = document.createElement('strong');
    strong.id = 'console-number';
    strong.textContent = ticket.number;
    current.appendChild(strong);
    current.appendChild(document.createTextNode(' (' + ticket.area.name + ') — ' + ticket.statusLabel));
    if (intake) { intake.href = '/mot-cua/tiep-nhan?ticket=' + encodeURIComponent(ticket.id); }
  }
  function post(path, body) {
    return fetch(path, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { ok: r.ok, data: data }; });
    });
  }
  function act(action) {
    if (busy || !counter) { return; }
    busy = true;
    var buttons = root.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    post('/api/v1/queue/counters/' + encodeURIComponent(counter) + '/' + action).then(function (res) {
      if (!res.ok) { showError((res.data.error && res.data.error.message) || 'Không thực hiện được. Vui lòng thử lại.'); return; }
      showError('');
      var ticket = res.data.ticket || res.data;
      if (action === 'finish' || action === 'skip') { showTicket(null); } else { showTicket(ticket); }
    }).catch(function () {
      showError('Mất kết nối tới máy chủ. Vui lòng thử lại.');
    }).then(function () {
      busy = false;
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  }
  Array.prototype.forEach.call(root.querySelectorAll('[data-action]'), function (button) {
    button.addEventListener('click', function () { act(button.getAttribute('data-action')); });
  });
  var transfer = document.getElementById('console-transfer');
  if (transfer) {
    transfer.addEventListener('click', function () {
      var ticket = current && current.getAttribute('data-ticket');
      if (!ticket) { showError('Quầy chưa mời số nào để chuyển.'); return; }
      var area = document.getElementById('console-transfer-area').value;
      post('/api/v1/queue/tickets/' + encodeURIComponent(ticket) + '/transfer', { area: area }).then(function (res) {
        if (!res.ok) { showError((res.data.error && res.data.error.message) || 'Không chuyển được.'); return; }
        showError('');
        showTicket(null);
      });
    });
  }
  var ticketNow = current && current.getAttribute('data-ticket');
  if (ticketNow && intake) { intake.href = '/mot-cua/tiep-nhan?ticket=' + encodeURIComponent(ticketNow); }
  document.addEventListener('keydown', function (event) {
    var tag = (event.target && event.target.tagName) || '';
    if (event.ctrlKey || event.altKey || event.metaKey || tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { return; }
    if (event.key === 'n' || event.key === 'N') { event.preventDefault(); act('call'); }
    if (event.key === 'r' || event.key === 'R') { event.preventDefault(); act('recall'); }
  });
})();
