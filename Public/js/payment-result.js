// The gateway's confirmation (IPN) reaches the server on its own; until then the result page looks again every
// few seconds, for a couple of minutes at most, so the payer sees "paid" without pressing anything.
(function () {
  var box = document.querySelector('[data-awaiting]');
  if (!box) return;
  var key = 'motcua-payment-wait:' + location.search;
  var tries = Number(sessionStorage.getItem(key) || '0');
  if (tries >= 40) return;
  setTimeout(function () {
    sessionStorage.setItem(key, String(tries + 1));
    location.reload();
  }, 3000);
})();
