// Small progressive enhancements; every page works without JavaScript.
(function () {
  // Confirmation before destructive or irreversible acts.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    // The button pressed may ask its own question (the counter's "Từ chối" among "Tiếp nhận" and "Yêu cầu bổ sung").
    var button = event.submitter;
    var question = (button && button.getAttribute('data-confirm')) || (form.getAttribute && form.getAttribute('data-confirm'));
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  // Catalogue: search as you type (debounced), keeping the other filters. The page is not reloaded and the search
  // box is never touched: the same address is fetched, its results and pager replace ours, the address bar follows
  // (replaceState) and the count is announced (#catalog-count is a status region). Without JavaScript the form is a
  // plain GET form.
  var q = document.getElementById('catalog-q');
  var results = document.getElementById('catalog-results');
  var status = document.getElementById('catalog-count');
  if (q && q.form && results && status && window.fetch && window.DOMParser && window.URLSearchParams) {
    var form = q.form, timer = null, controller = null, shown = null;
    var address = function () {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (key !== 'page' && String(value).trim() !== '') { params.append(key, value); } });
      var query = params.toString();
      return form.getAttribute('action') + (query ? '?' + query : '');
    };
    shown = address();
    var update = function (force) {
      clearTimeout(timer);
      var url = address();
      if (url === shown && !force) { return; }
      shown = url;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin', signal: controller && controller.signal })
        .then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.text();
        })
        .then(function (html) {
          if (url !== shown) { return; }
          var page = new DOMParser().parseFromString(html, 'text/html');
          var freshResults = page.getElementById('catalog-results');
          var freshStatus = page.getElementById('catalog-count');
          if (!freshResults || !freshStatus) { throw new Error('no results in the answer'); }
          results.innerHTML = freshResults.innerHTML;
          status.textContent = freshStatus.textContent;
          if (window.history && history.replaceState) { history.replaceState(null, '', url); }
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          shown = null;   // the next keystroke tries again; Enter submits the plain form
        });
    };
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 450);
    });
    form.querySelectorAll('select').forEach(function (select) {
      select.addEventListener('change', function () { update(); });
    });
    form.addEventListener('submit', function (event) {
      if (shown === null) { return; }   // the last fetch failed: let the browser load the page itself
      event.preventDefault();
      update(true);
    });
  } else {
    document.querySelectorAll('#catalog-filters select').forEach(function (select) {
      select.addEventListener('change', function () { select.form.submit(); });
    });
  }
})();

// Statistics dashboard: the "print report" button (the browser's own print works without JavaScript too).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
