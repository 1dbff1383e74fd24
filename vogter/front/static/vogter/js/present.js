// The presenter view (docs/workshops.md): the board's snapshot and live events, drawn
// large for a projector. Counts only, never who; cards one at a time, in their random
// order, after the reveal. Buttons post to the same actions as the control screen (the
// page updates from the live events that follow); keys press the buttons.
(function () {
  "use strict";
  var root = document.getElementById("present");
  if (!root) return;
  var attr = function (name) { return root.getAttribute("data-" + name) || ""; };
  var csrfInput = document.querySelector("[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var order = attr("phase-order").split(" ");
  var byId = function (id) { return document.getElementById(id); };
  var timerBox = byId("present-timer");
  var showTimer = window.VogterTimer ? window.VogterTimer.attach(timerBox) : function () {};
  var timerState = null;
  var cards = [];      // what may be shown: revealed, not hidden, in the shuffled order
  var position = 0;

  function post(form, submitter) {
    var body = new FormData(form, submitter || undefined);
    body.set("csrfmiddlewaretoken", csrf);
    return fetch(form.action, {
      method: "POST", credentials: "same-origin", body: body, redirect: "manual",
      headers: { "X-CSRFToken": csrf }
    });
  }
  document.querySelectorAll(".present-controls form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post(form, event.submitter).then(function (r) {
        // A refusal is said on the control screen; a reveal comes back as an event.
        if (form.id === "present-reveal" || form.id === "present-next") refresh();
        return r;
      });
    });
  });

  function setPhase(phase) {
    root.setAttribute("data-phase", phase);
    var option = document.querySelector('[data-phase-label="' + phase + '"]');
    if (option) byId("present-phase").textContent = option.textContent;
    var next = order[order.indexOf(phase) + 1];
    var nextForm = byId("present-next");
    nextForm.hidden = !next;
    nextForm.querySelector('[name="phase"]').value = next || "";
    byId("present-join").hidden = phase !== "lobby" && phase !== "reflect";
    byId("present-closed").hidden = phase !== "closed";
    byId("present-agreement").hidden = phase !== "agreement";
    // In the agreement phase the round's own count (who has voted) takes the counts' place.
    byId("present-counts").hidden = phase === "agreement";
    if (phase === "agreement") agreement();
    drawCards();
  }

  function setRevealed(revealed) {
    root.setAttribute("data-revealed", revealed ? "1" : "0");
    byId("present-reveal").querySelector('[name="revealed"]').value = revealed ? "0" : "1";
  }

  function setCounts(c) {
    byId("count-joined").textContent = c.joined;
    byId("count-submitted").textContent = c.submitted;
  }

  function setTimer(state) {
    timerState = state;
    showTimer(state);
    var running = state && state.running;
    document.querySelectorAll("[data-timer-command]").forEach(function (b) {
      var c = b.getAttribute("data-timer-command");
      b.hidden = !state || (c === "pause" ? !running : c === "resume" ? running || !state.started : state.started);
    });
  }

  // Cards: the board's events, kept in the server's random (shuffle) order.
  function keep(card) {
    cards = cards.filter(function (c) { return c.id !== card.id; });
    if (card.empty || card.hidden || card.text === null || card.text === undefined) return;
    var at = cards.findIndex(function (c) { return c.shuffle > card.shuffle; });
    cards.splice(at < 0 ? cards.length : at, 0, card);
  }

  function drawCards() {
    var phase = root.getAttribute("data-phase");
    var revealed = root.getAttribute("data-revealed") === "1";
    var onBoard = phase !== "agreement" && phase !== "closed";
    byId("present-waiting").hidden = !onBoard || revealed;
    var box = byId("present-cards");
    box.hidden = !onBoard || !revealed || !cards.length;
    if (box.hidden) return;
    position = Math.max(0, Math.min(position, cards.length - 1));
    var card = cards[position];
    var question = document.querySelector('[data-question-label="' + card.field + '"]');
    byId("present-question").textContent = question ? question.textContent : "";
    byId("present-card-text").textContent = card.text;  // text, never HTML
    byId("present-position").textContent = attr("label-card")
      .replace("%(n)s", position + 1).replace("%(total)s", cards.length);
  }

  function snapshot(state) {
    cards = [];
    state.cards.forEach(keep);
    setCounts(state.counts);
    setRevealed(state.revealed);
    setTimer(state.timer);
    setPhase(state.phase);
  }

  function refresh() {
    fetch(attr("state-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); }).then(snapshot);
  }

  var agreementBusy = null;
  function agreement() {
    if (agreementBusy) return;
    agreementBusy = window.setTimeout(function () {
      fetch(attr("agreement-url"), { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { byId("present-agreement").innerHTML = html; })
        .finally(function () { agreementBusy = null; });
    }, 300);
  }

  function reveal() {
    if (root.getAttribute("data-phase") === "agreement") {
      var round = document.querySelector("[data-reveal-url]");
      if (!round) return;
      var body = new URLSearchParams({ revealed: round.getAttribute("data-revealed") === "1" ? "0" : "1" });
      fetch(round.getAttribute("data-reveal-url"), {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": csrf }, body: body
      });
      return;
    }
    byId("present-reveal").requestSubmit();
  }

  function timerKey() {
    if (!timerState) return;
    var command = !timerState.started ? "start" : timerState.running ? "pause" : "resume";
    document.querySelector('[data-timer-command="' + command + '"]').click();
  }

  function fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }

  var help = byId("present-help");
  function toggleHelp() { if (help.open) help.close(); else help.showModal(); }
  byId("present-help-open").addEventListener("click", toggleHelp);
  byId("present-fullscreen").addEventListener("click", fullScreen);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var key = event.key;
    if (help.open && key !== "?") return;  // the dialog has its own keys (Escape closes it)
    var act = {
      "ArrowRight": function () { if (!byId("present-next").hidden) byId("present-next").requestSubmit(); },
      "n": null, "r": reveal, "j": function () { position += 1; drawCards(); },
      " ": null, "k": function () { position -= 1; drawCards(); },
      "t": timerKey, "+": function () { byId("present-timer-form").querySelector('[value="add_minute"]').click(); },
      "f": fullScreen, "?": toggleHelp
    };
    act.n = act.ArrowRight;
    act[" "] = act.j;
    var fn = act[key.length === 1 ? key.toLowerCase() : key];
    if (!fn) return;
    // Space on a focused button presses it: leave that to the browser.
    if (key === " " && target && target.tagName === "BUTTON") return;
    event.preventDefault();
    fn();
  });

  var releaseEvery = parseInt(attr("release-every"), 10);
  if (releaseEvery > 0) {
    window.setInterval(function () {
      fetch(attr("release-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
      }).catch(function () { /* the next tick asks again */ });
    }, releaseEvery);
  }

  var liveState = byId("live-state");
  refresh();
  if (window.VogterLive) {
    window.VogterLive.connect(attr("events-url"), {
      snapshot: snapshot,
      cards: function (data) { data.cards.forEach(keep); drawCards(); },
      card: function (card) { keep(card); drawCards(); },
      removed: function (data) {
        cards = cards.filter(function (c) { return data.cards.indexOf(c.id) < 0; });
        drawCards();
      },
      counts: setCounts,
      phase: function (data) { if ("timer" in data) setTimer(data.timer); setPhase(data.phase); },
      timer: function (data) { setTimer(data.timer); },
      reveal: refresh,
      agreement: agreement,
      ballots: agreement
    }, function (state) {
      liveState.textContent = liveState.getAttribute("data-" + state) || "";
      liveState.setAttribute("data-state", state);
    });
  }
})();
