// The check page keeps itself current (docs/workshops.md): answers held back go up in
// batches while the facilitator has this page open on their own screen, and the board on
// the projector no longer says how many wait. Every few seconds the page asks the server
// for itself and swaps in the list, unless the facilitator is using one of its buttons.
(function () {
  "use strict";

  var list = document.getElementById("check-list");
  if (!list || !window.fetch || !window.DOMParser) return;
  var every = parseInt(list.getAttribute("data-refresh-every"), 10) * 1000;
  if (!(every > 0)) return;

  function busy() {
    var active = document.activeElement;
    return active && active !== document.body && list.contains(active);
  }

  function refresh() {
    if (document.hidden || busy()) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || busy()) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("check-list");
        if (!fresh || fresh.innerHTML === list.innerHTML) return;
        list.innerHTML = fresh.innerHTML;
        // Said once by a screen reader: the live region stays, only its words change.
        var status = document.getElementById("check-status");
        var said = page.getElementById("check-status");
        if (status && said) status.textContent = said.textContent;
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  window.setInterval(refresh, every);
})();
