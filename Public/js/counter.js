// The counter's small enhancements; every form also works without JavaScript.
(function () {
  // Procedure search as you type: suggestions from the public catalogue API, chosen with arrows + Enter.
  var input = document.getElementById('procedure-q');
  var list = document.getElementById('procedure-results');
  if (input && list) {
    var timer = null, active = -1, lastQuery = '', controller = null;
    var target = function (code) { return '/mot-cua/tiep-nhan?procedure=' + encodeURIComponent(code); };
    var items = function () { return list.querySelectorAll('[role=option]'); };
    var highlight = function (index) {
      var all = items();
      active = all.length ? (index + all.length) % all.length : -1;
      all.forEach(function (el, i) { el.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      if (active >= 0) { input.setAttribute('aria-activedescendant', all[active].id); all[active].scrollIntoView({ block: 'nearest' }); }
    };
    var close = function () { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
    var show = function (procedures) {
      list.textContent = '';
      procedures.forEach(function (p, i) {
        var li = document.createElement('li');
        li.id = 'procedure-option-' + i;
        li.setAttribute('role', 'option');
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
        var none = document.createElement('li');
        none.className = 'muted';
        none.textContent = 'Không có thủ tục phù hợp.';
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      highlight(procedures.length ? 0 : -1);
    };
    var search = function () {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch('/api/v1/procedures?per=10&q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, signal: controller && controller.signal })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { show(body.items || []); })
        .catch(function () { /* the plain form still works */ });
    };
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener('keydown', function (event) {
      if (list.hidden) { return; }
      if (event.key === 'ArrowDown') { event.preventDefault(); highlight(active + 1); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(active - 1); }
      else if (event.key === 'Escape') { close(); }
      else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        window.location.href = items()[active].querySelector('a').href;
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
      if (byPost) { tracking.focus(); }
    };
    radios.forEach(function (r) { r.addEventListener('change', sync); });
    var checked = document.querySelector('#return-form input[name=delivery]:checked');
    tracking.required = !!(checked && checked.value === 'post');
    tracking.closest('label').hidden = !tracking.required;
  }

  // The scan field selects its content so the next scan replaces the previous code.
  var scan = document.getElementById('return-code');
  if (scan) { scan.select(); }
})();
