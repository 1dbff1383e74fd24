// The phase's countdown, on the projector and on the phones (docs/workshops.md). The
// server sends the timer in the live events these pages already receive, as seconds left
// when the event was made; this script counts down from there with the device's own
// clock, so no clock has to agree with the server's. Running out only says so: nothing
// is locked or closed.
//
//   var show = VogterTimer.attach(element);   // element with data-label-* (see below)
//   show(state);                                // state from a `phase`/`timer` event, or null
(function () {
  "use strict";

  function clock(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function attach(element) {
    var label = function (name) { return element.getAttribute("data-label-" + name) || ""; };
    var face = element.querySelector("[data-timer-clock]") || element;
    var note = element.querySelector("[data-timer-note]");
    var deadline = null;
    var left = 0;
    var tick = null;

    function draw() {
      if (deadline !== null) left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      face.textContent = clock(left);
      var up = deadline !== null && left === 0;
      element.setAttribute("data-state", up ? "up" : element.getAttribute("data-running"));
      if (note) {
        note.textContent = up ? label("up") : element.getAttribute("data-running") === "paused" ? label("paused") : element.getAttribute("data-running") === "planned" ? label("planned") : "";
      }
      if (up && tick) { window.clearInterval(tick); tick = null; }
    }

    return function show(state) {
      if (tick) { window.clearInterval(tick); tick = null; }
      if (!state) { element.hidden = true; deadline = null; return; }
      element.hidden = false;
      left = state.remaining;
      if (state.running) {
        deadline = Date.now() + state.remaining * 1000;
        element.setAttribute("data-running", "running");
        tick = window.setInterval(draw, 250);
      } else {
        deadline = null;
        element.setAttribute("data-running", state.started ? (state.remaining === 0 ? "up" : "paused") : "planned");
      }
      draw();
      if (!state.running && state.started && state.remaining === 0) {
        element.setAttribute("data-state", "up");
        if (note) note.textContent = label("up");
      }
    };
  }

  window.VogterTimer = { attach: attach };
})();
