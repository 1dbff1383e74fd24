// The agreement round, live: the facilitator's page counts the ballots as they come
// in; the participant's page reloads when a round opens, closes or is revealed (the
// ballot has nothing unsent then: it is sent in one go).
(function () {
  "use strict";
  var root = document.querySelector("[data-agreement-events]");
  if (!root || !window.VogterLive) return;
  var reloadSoon = function () { window.setTimeout(function () { window.location.reload(); }, 300); };
  // The phone's countdown of the phase (timer.js), where the page has one.
  var timerBox = document.getElementById("phase-timer");
  var showTimer = timerBox && window.VogterTimer ? window.VogterTimer.attach(timerBox) : function () {};
  window.VogterLive.connect(root.getAttribute("data-agreement-events"), {
    ballots: function (data) {
      var count = document.querySelector('[data-ballots="' + data.round + '"]');
      if (count) count.textContent = data.ballots;
    },
    agreement: function () {
      // The participant's half-filled ballot stays: reload only when there is none.
      if (!document.querySelector(".ballot input:checked")) reloadSoon();
    },
    timer: function (data) { showTimer(data.timer); },
    phase: function (data) {
      showTimer(data.timer);
      if (root.hasAttribute("data-reload-on-phase") && data.phase !== root.getAttribute("data-phase")) reloadSoon();
    }
  });
})();
