// The facilitator's board: cards arrive live, in their random order, with no
// author and no time. The server sends a full snapshot at every (re)connect and
// small events in between; this script only draws what it is sent.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var attr = function (name) { return board.getAttribute("data-" + name) || ""; };
  var csrfInput = document.querySelector("[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var liveState = document.getElementById("live-state");

  function cardText(card) {
    if (card.hidden) return { text: attr("label-hidden"), muted: true };
    if (card.text === null || card.text === undefined) return { text: attr("label-unrevealed"), muted: true };
    return { text: card.text, muted: false };
  }

  function render(card) {
    var li = document.createElement("li");
    li.className = "board-card" + (card.hidden ? " is-hidden" : "");
    li.setAttribute("data-card", card.id);
    li.setAttribute("data-shuffle", card.shuffle);
    var shown = cardText(card);
    var p = document.createElement("p");
    p.className = "card-text" + (shown.muted ? " muted" : "");
    p.textContent = shown.text;  // text, never HTML: answers are the participants' own words
    li.appendChild(p);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button card-hide";
    button.textContent = card.hidden ? attr("label-show") : attr("label-hide");
    button.addEventListener("click", function () { hide(card.id, !card.hidden); });
    li.appendChild(button);
    var remove = document.createElement("a");
    remove.className = "card-remove";
    remove.href = attr("remove-url").replace("CARD", card.id);
    remove.textContent = attr("label-remove");
    li.appendChild(remove);
    return li;
  }

  // Answers held back for the facilitator's check are left off the board altogether
  // (it is on the projector), and so is how many wait: a count that rises as someone
  // hands in tells a room of six whose answer it is. The check page counts them.

  // Idempotent: a card is replaced by its id, so an event the snapshot already showed
  // changes nothing.
  function place(card) {
    var existing = board.querySelector('[data-card="' + card.id + '"]');
    if (card.empty || card.held) { if (existing) existing.remove(); return; }
    var list = board.querySelector('[data-cards-for="' + card.field + '"]');
    if (!list) return;
    var fresh = render(card);
    if (existing) { existing.replaceWith(fresh); return; }
    // Insert by the random shuffle key, so a new card lands anywhere, not at the end.
    var after = null;
    list.querySelectorAll("[data-card]").forEach(function (el) {
      if (after === null && parseInt(el.getAttribute("data-shuffle"), 10) > card.shuffle) after = el;
    });
    list.insertBefore(fresh, after);
  }

  function upsert(card) { place(card); counts(); }

  // A batch of finished answers, in the server's random order: drawn all in one go, so
  // the cards of a batch appear together and none stands out as the first.
  function batch(data) {
    data.cards.forEach(place);
    counts();
    // A card held back changes how many wait: the overview says (a decision on one
    // comes with `overview` set).
    if (data.overview || data.cards.some(function (c) { return c.held; })) overviewSoon();
  }

  // The facilitator removed a sheet: its cards go (by their ids; nothing else is sent).
  function removed(data) {
    data.cards.forEach(function (id) {
      var existing = board.querySelector('[data-card="' + id + '"]');
      if (existing) existing.remove();
    });
    counts();
    if (data.overview) overviewSoon();
  }

  function counts() {
    board.querySelectorAll("[data-count-for]").forEach(function (el) {
      var n = board.querySelectorAll('[data-cards-for="' + el.getAttribute("data-count-for") + '"] [data-card]').length;
      el.textContent = n ? "(" + n + ")" : "";
    });
  }

  // Professions as the server decided them: a count is null where showing it would give
  // a small group away, and `others` is null where "other professions" is not listed.
  function profession(list, name, count) {
    var li = document.createElement("li");
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = name;
    li.appendChild(badge);
    if (count !== null && count !== undefined) li.appendChild(document.createTextNode(" " + count));
    list.appendChild(li);
  }

  function professions(data) {
    var box = document.getElementById("professions");
    if (!box || !data) return;
    var list = box.querySelector(".professions");
    if (!list) return;
    list.textContent = "";
    data.named.forEach(function (p) { profession(list, p.name, p.count); });
    if (data.others) profession(list, attr("label-others"), data.others.count);
  }

  function useCases(texts, revealed) {
    var list = document.getElementById("use-cases");
    if (!list || !texts) return;
    // Redrawn every time, also when empty: hiding the answers again must take them away.
    list.textContent = "";
    if (!texts.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = list.getAttribute(revealed ? "data-label-none" : "data-label-unrevealed") || "";
      list.appendChild(none);
      return;
    }
    texts.forEach(function (t) {
      var li = document.createElement("li");
      li.textContent = t;
      list.appendChild(li);
    });
  }

  function snapshot(state) {
    board.querySelectorAll("[data-cards-for]").forEach(function (list) { list.textContent = ""; });
    state.cards.forEach(place);
    setCounts(state.counts);
    setPhase(state);
    professions(state.professions);
    useCases(state.use_cases, state.revealed);
    setRevealed(state.revealed);
    counts();
  }

  function setCounts(c) {
    document.getElementById("count-joined").textContent = c.joined;
    document.getElementById("count-submitted").textContent = c.submitted;
  }

  // The reveal button follows a reveal made on another screen (the control screen).
  function setRevealed(revealed) {
    var form = document.getElementById("reveal-form");
    if (!form) return;
    var input = form.querySelector('[name="revealed"]');
    var button = document.getElementById("reveal-button");
    if (input) input.value = revealed ? "0" : "1";
    if (button) {
      button.textContent = form.getAttribute(revealed ? "data-label-hide" : "data-label-reveal");
      button.classList.toggle("secondary", revealed);
    }
  }

  function setPhase(data) {
    var badge = document.getElementById("board-phase");
    var option = document.querySelector('[data-phase-label="' + data.phase + '"]');
    if (badge && option) badge.textContent = option.textContent;
    // Closed: the join code and QR give way to a note (and come back if it is reopened).
    var closed = data.phase === "closed";
    var join = document.getElementById("board-join");
    var note = document.getElementById("board-closed");
    if (join) join.hidden = closed;
    if (note) note.hidden = !closed;
  }

  function refresh() {
    fetch(attr("state-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(snapshot);
  }

  function hide(id, hidden) {
    var body = new URLSearchParams({ hidden: hidden ? "1" : "0" });
    fetch(attr("hide-url").replace("CARD", id), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body
    }).then(function (r) { return r.json(); }).then(upsert);
  }

  // Professions and use cases are redrawn from the server's overview (small: the
  // cards are not in it), at most once every two seconds however fast people type.
  var overviewTimer = null;
  function overviewSoon() {
    if (overviewTimer) return;
    overviewTimer = window.setTimeout(function () {
      overviewTimer = null;
      fetch(attr("overview-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          professions(data.professions);
          useCases(data.use_cases, data.revealed);
          showHeld(data.held);
        });
    }, 2000);
  }

  // Finished answers wait on the server and go up in batches; an open board asks every
  // few seconds whether one is due (the batch itself comes as a `cards` event).
  var releaseEvery = parseInt(attr("release-every"), 10);
  if (releaseEvery > 0 && attr("release-url")) {
    window.setInterval(function () {
      fetch(attr("release-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
      }).catch(function () { /* offline for a moment: the next tick asks again */ });
    }, releaseEvery);
  }

  refresh();

  if (window.VogterLive) {
    window.VogterLive.connect(attr("events-url"), {
      snapshot: snapshot,
      cards: batch,
      removed: removed,
      card: upsert,
      counts: setCounts,
      phase: setPhase,
      reveal: refresh,
      overview: overviewSoon
    }, function (state) {
      if (!liveState) return;
      liveState.textContent = liveState.getAttribute("data-" + state) || "";
      liveState.setAttribute("data-state", state);
    });
  }
})();
