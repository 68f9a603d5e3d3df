// Kiosk: one tap, one ticket (the buttons lock until the page changes); the receipt prints itself and the kiosk
// returns to the start after a while, for the next person.
(function () {
  'use strict';
  var form = document.getElementById('kiosk-form');
  if (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.sent === '1') { event.preventDefault(); return; }
      form.dataset.sent = '1';
      // Disabled after the submit has captured the pressed button's value.
      setTimeout(function () {
        Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
      }, 0);
    });
  }
  var print = document.getElementById('receipt-print');
  if (print) {
    print.addEventListener('click', function () { window.print(); });
    var back = document.getElementById('receipt-back');
    var seconds = back ? parseInt(back.getAttribute('data-return-after') || '30', 10) : 0;
    if (seconds > 0) { setTimeout(function () { window.location.href = '/kiosk'; }, seconds * 1000); }
  }
})();
