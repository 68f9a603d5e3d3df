// Small progressive enhancements; every page works without JavaScript.
(function () {
  // Confirmation before destructive or irreversible acts.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  // Catalogue: search as you type (debounced), keeping the other filters.
  var q = document.getElementById('catalog-q');
  if (q && q.form) {
    var timer = null;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams(new FormData(q.form));
        params.delete('page');
        window.location.search = params.toString();
      }, 450);
    });
    // Keep the caret at the end after the reload that search-as-you-type causes.
    if (q.value) { q.focus(); q.setSelectionRange(q.value.length, q.value.length); }
  }
  document.querySelectorAll('#catalog-filters select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();

// Statistics dashboard: the "print report" button (the browser's own print works without JavaScript too).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
