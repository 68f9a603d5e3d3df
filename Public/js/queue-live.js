// A ticket's live page on a phone: asks for the ticket every 10 s and says how many people are ahead.
(function () {
  'use strict';
  var root = document.getElementById('queue-live');
  if (!root) { return; }
  var id = root.getAttribute('data-ticket');
  var status = document.getElementById('live-status');
  function render(t) {
    var text;
    if (t.status === 'called' || t.status === 'serving') {
      text = t.statusLabel + ' — mời đến ' + (t.counterName || 'quầy');
    } else if (t.status === 'waiting' || t.status === 'transferred') {
      text = 'Còn ' + t.ahead + ' người trước bạn · chờ khoảng ' + t.estimatedWaitMinutes + ' phút';
    } else {
      text = t.statusLabel;
    }
    if (status.textContent.trim() !== text) { status.textContent = text; }
  }
  function poll() {
    fetch('/api/v1/queue/tickets/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) { if (t) { render(t); } })
      .catch(function () {})
      .then(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 10000);
})();
