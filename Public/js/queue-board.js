// Display board: listens to the queue's server-sent events; shows who is served where, the latest calls and the
// waiting counts; plays each call (chime + voice) one after another, never two at once. EventSource reconnects by
// itself with Last-Event-ID; if the server refused the stream (e.g. while restarting) we open a new one ourselves.
(function () {
  'use strict';
  var body = document.body;
  var area = body.getAttribute('data-area') || '';
  var servingBody = document.getElementById('board-serving');
  var latest = document.getElementById('board-latest');
  var waiting = document.getElementById('board-waiting');
  var calls = document.getElementById('board-calls');
  var connection = document.getElementById('board-connection');
  var soundButton = document.getElementById('board-sound');
  var lastId = 0;
  var seen = {};
  var queue = [];
  var playing = false;
  var unlocked = false;
  window.motcuaBoard = { audioRequests: [], played: [] };

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) { td.className = className; }
    row.appendChild(td);
  }

  function renderState(state) {
    clear(servingBody);
    var rows = state.serving.filter(function (s) { return !area || s.area === area; });
    if (rows.length === 0) {
      var empty = document.createElement('tr');
      cell(empty, 'Chưa có số nào đang phục vụ', '');
      empty.firstChild.colSpan = 2;
      servingBody.appendChild(empty);
    }
    rows.forEach(function (s) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-counter', s.counter);
      cell(tr, s.number, 'board-number');
      cell(tr, s.counterName, 'board-counter');
      servingBody.appendChild(tr);
    });
    clear(waiting);
    state.areas.filter(function (a) { return !area || a.code === area; }).forEach(function (a) {
      var li = document.createElement('li');
      li.textContent = a.name + ': ' + a.waiting;
      waiting.appendChild(li);
    });
    if (calls.children.length === 0) {
      state.lastCalls.slice().reverse().forEach(function (c) {
        if (!area || c.area === area) { addCall(c.number, c.counterName, false); }
      });
    }
  }

  function addCall(number, counterName, highlight) {
    var li = document.createElement('li');
    li.textContent = number + ' → ' + counterName;
    calls.insertBefore(li, calls.firstChild);
    while (calls.children.length > 8) { calls.removeChild(calls.lastChild); }
    if (highlight) {
      latest.textContent = number + ' → ' + counterName;
      latest.setAttribute('data-number', number);
      latest.classList.remove('flash');
      void latest.offsetWidth;
      latest.classList.add('flash');
    }
  }

  function onCall(call) {
    if (seen[call.id]) { return; }
    seen[call.id] = true;
    addCall(call.ticket.number, call.counterName || ('Quầy ' + call.counter), true);
    queue.push(call.id);
    playNext();
  }

  // One announcement at a time: the next starts when the previous ends (or fails).
  function playNext() {
    if (playing || queue.length === 0) { return; }
    playing = true;
    var id = queue.shift();
    var url = '/api/v1/queue/calls/' + id + '/audio';
    window.motcuaBoard.audioRequests.push(url);
    body.setAttribute('data-last-audio', url);
    var done = function () { playing = false; setTimeout(playNext, 300); };
    fetch(url).then(function (r) {
      if (!r.ok) { throw new Error('audio ' + r.status); }
      return r.blob();
    }).then(function (blob) {
      var objectURL = URL.createObjectURL(blob);
      var audio = new Audio(objectURL);
      var finished = function () { URL.revokeObjectURL(objectURL); done(); };
      audio.addEventListener('ended', function () { window.motcuaBoard.played.push(id); finished(); });
      audio.addEventListener('error', finished);
      var started = audio.play();
      if (started && started.catch) {
        // Autoplay refused until someone taps "Bật âm thanh": the number is still on screen.
        started.catch(function () { soundButton.hidden = false; finished(); });
      }
    }).catch(done);
  }

  soundButton.addEventListener('click', function () {
    unlocked = true;
    soundButton.hidden = true;
    var silent = new Audio('data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=');
    silent.play().catch(function () {});
  });

  var source = null;
  function connect() {
    var url = '/api/v1/queue/stream' + (area ? '?area=' + encodeURIComponent(area) : '');
    if (lastId > 0) { url += (area ? '&' : '?') + 'lastEventId=' + lastId; }
    source = new EventSource(url);
    source.addEventListener('open', function () { connection.textContent = 'Đã kết nối'; body.setAttribute('data-connected', '1'); });
    source.addEventListener('state', function (e) { try { renderState(JSON.parse(e.data)); } catch (err) { /* ignore a bad frame */ } });
    source.addEventListener('call', function (e) {
      try {
        var call = JSON.parse(e.data);
        if (call.id > lastId) { lastId = call.id; }
        onCall(call);
      } catch (err) { /* ignore a bad frame */ }
    });
    source.addEventListener('error', function () {
      connection.textContent = 'Mất kết nối, đang kết nối lại…';
      body.setAttribute('data-connected', '0');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 3000);
      }
    });
  }
  connect();

  var days = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    // Vietnam time (UTC+7, no daylight saving), whatever the TV's own zone.
    var d = new Date(Date.now() + 7 * 3600 * 1000);
    document.getElementById('board-clock').textContent = days[d.getUTCDay()] + ', ngày ' + two(d.getUTCDate()) + '/' + two(d.getUTCMonth() + 1) +
      '/' + d.getUTCFullYear() + ' · ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
  }
  tick();
  setInterval(tick, 1000);
})();
