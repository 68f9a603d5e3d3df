// The counter's small enhancements; every form also works without JavaScript.
(function () {
  // Procedure search as you type: suggestions from the public catalogue API, chosen with arrows + Enter.
  // ArrowDown/ArrowUp only move the highlight (opening the list first if it is not shown yet, even while the search
  // is still on its way); Enter opens the highlighted procedure, and with nothing highlighted it only shows the
  // suggestions: it never submits the form (whose fallback list may still hold an earlier choice).
  var input = document.getElementById('procedure-q');
  var list = document.getElementById('procedure-results');
  if (input && list) {
    var timer = null, active = -1, lastQuery = null, controller = null, pending = 0, loading = false, go = false;
    var status = document.getElementById('procedure-status');
    // A dossier received for a queue ticket keeps the ticket through the choice of procedure.
    var ticketField = document.querySelector('#procedure-picker input[name=ticket]');
    var ticket = ticketField && ticketField.value ? '&ticket=' + encodeURIComponent(ticketField.value) : '';
    var target = function (code) { return '/mot-cua/tiep-nhan?procedure=' + encodeURIComponent(code) + ticket; };
    var items = function () { return list.querySelectorAll('[role=option]'); };
    var isOpen = function () { return !list.hidden; };
    var say = function (text) { if (status) { status.textContent = text; } };
    var highlight = function (index) {
      var all = items();
      active = all.length && index >= 0 ? Math.min(index, all.length - 1) : -1;
      all.forEach(function (el, i) { el.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      if (active >= 0) {
        input.setAttribute('aria-activedescendant', all[active].id);
        all[active].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    var open = function () {
      if (!list.children.length) { return false; }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      return true;
    };
    var close = function () { list.hidden = true; input.setAttribute('aria-expanded', 'false'); highlight(-1); pending = 0; };
    var show = function (procedures) {
      list.textContent = '';
      procedures.forEach(function (p, i) {
        var li = document.createElement('li');
        li.id = 'procedure-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        var a = document.createElement('a');
        a.href = target(p.code);
        a.tabIndex = -1;
        a.textContent = p.name;
        var code = document.createElement('span');
        code.className = 'code';
        code.textContent = ' ' + p.code;
        a.appendChild(code);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!procedures.length) {
        close();
        say('Không có thủ tục phù hợp với “' + lastQuery + '”. Hãy thử từ khóa khác.');
        return;
      }
      open();
      // Arrow presses (and an Enter after them) made while the answer was on its way are applied now.
      highlight(pending > 0 ? pending - 1 : -1);
      pending = 0;
      say(procedures.length + ' thủ tục phù hợp. Dùng phím mũi tên để chọn, Enter để mở.');
      if (go && active >= 0) { window.location.href = items()[active].querySelector('a').href; }
      go = false;
    };
    // Runs the search now; returns false if there is nothing to search for.
    var search = function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { lastQuery = null; close(); return false; }
      if (q === lastQuery) { if (!loading) { open(); } return true; }
      lastQuery = q;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      loading = true;
      fetch('/api/v1/procedures?per=10&q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, signal: controller && controller.signal })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (q === lastQuery) { loading = false; show(body.items || []); } })
        .catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          loading = false; lastQuery = null;
          say('Không tải được gợi ý; bấm “Tìm” để tìm trên máy chủ.');
        });
      return true;
    };
    input.addEventListener('input', function () {
      clearTimeout(timer);
      highlight(-1);   // the suggestions shown are for the previous text: Enter must not open one of them
      pending = 0;
      go = false;
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        var down = event.key === 'ArrowDown';
        var current = input.value.trim() === lastQuery && !loading;
        if (current && (isOpen() || open())) {
          var count = items().length;
          if (count) { highlight(active < 0 ? (down ? 0 : count - 1) : (active + (down ? 1 : -1) + count) % count); }
        } else if (search()) {
          if (down) { pending += 1; }   // applied when the suggestions arrive
        }
      } else if (event.key === 'Escape') {
        if (isOpen()) { event.preventDefault(); close(); }
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (isOpen() && active >= 0 && !loading) {
          window.location.href = items()[active].querySelector('a').href;
        } else if (loading && pending > 0) {
          go = true;   // opens the option the arrows reach once the suggestions arrive
        } else if (!search()) {
          say('Nhập ít nhất 2 ký tự của tên hoặc mã thủ tục.');
        }
      }
    });
    // Choosing in the fallback list needs no extra click.
    var select = document.getElementById('procedure-select');
    if (select) {
      select.addEventListener('change', function () { if (select.value) { window.location.href = target(select.value); } });
    }
  }

  // Refusing needs a reason: say so before the round trip.
  var refuse = document.getElementById('refuse-button');
  var reason = document.getElementById('refuse-reason');
  if (refuse && reason) {
    refuse.addEventListener('click', function (event) {
      if (!reason.value.trim()) {
        event.preventDefault();
        reason.setCustomValidity('Vui lòng ghi rõ lý do từ chối tiếp nhận (in trên Phiếu từ chối, mẫu 03).');
        reason.reportValidity();
        reason.focus();
      }
    });
    reason.addEventListener('input', function () { reason.setCustomValidity(''); });
  }

  // Return desk: the postal tracking number is needed only when the result goes by post.
  var tracking = document.getElementById('tracking-number');
  if (tracking) {
    var radios = document.querySelectorAll('#return-form input[name=delivery]');
    var sync = function () {
      var post = document.querySelector('#return-form input[name=delivery]:checked');
      var byPost = post && post.value === 'post';
      tracking.required = byPost;
      tracking.closest('label').hidden = !byPost;
      var collector = document.getElementById('collector');
      if (collector) { collector.hidden = byPost; }
      if (byPost) { tracking.focus(); }
    };
    radios.forEach(function (r) { r.addEventListener('change', sync); });
    var checked = document.querySelector('#return-form input[name=delivery]:checked');
    tracking.required = !!(checked && checked.value === 'post');
    tracking.closest('label').hidden = !tracking.required;
    var collectorBox = document.getElementById('collector');
    if (collectorBox) { collectorBox.hidden = tracking.required; }
  }

  // The scan field selects its content so the next scan replaces the previous code.
  var scan = document.getElementById('return-code');
  if (scan) { scan.select(); }
})();
