// The worksheet's autosave. Every keystroke is kept in this browser first
// (localStorage), then sent; a save is done only when the server confirms it.
// Each field carries a counter (seq): the server ignores anything older than what
// it has, so retries, duplicates and reordered requests can never undo newer text.
// A save says `final` when the person has finished the field: left it, stopped typing
// for a while, left the page, or submitted. Only finished text may reach the board
// (in batches, with other people's), so the board never shows anyone typing.
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) return;

  var DEBOUNCE_MS = 1200;
  // This long without a keystroke, the person has finished the field for now. Long
  // enough to think mid-sentence, short enough that a field left open still goes up.
  var PAUSE_MS = 25000;
  var MAX_BACKOFF_MS = 15000;
  var saveUrl = form.getAttribute("data-save-url");
  var storageKey = "vogter:" + form.getAttribute("data-join") + ":";
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var statusLine = document.getElementById("save-status");
  var label = function (name) { return form.getAttribute("data-label-" + name) || ""; };
  var fields = {};
  var editable = !form.querySelector("[data-field][readonly]");

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(storageKey + key);
      else window.localStorage.setItem(storageKey + key, JSON.stringify(value));
    } catch (e) { /* private mode or full: the in-memory copy still retries */ }
  }

  function stored(key) {
    try { return JSON.parse(window.localStorage.getItem(storageKey + key) || "null"); }
    catch (e) { return null; }
  }

  function showStatus() {
    var pending = 0, saving = 0;
    Object.keys(fields).forEach(function (key) {
      var f = fields[key];
      if (f.seq > f.confirmed && !f.blocked) pending += 1;
      if (f.inflight) saving += 1;
    });
    var anyFailure = Object.keys(fields).some(function (k) { return fields[k].failures > 0; });
    var anyBlocked = Object.keys(fields).some(function (k) { return fields[k].blocked; });
    if (!editable && pending) {
      // Text kept on this device from before the reflection closed: it is not saved.
      statusLine.textContent = label("closed");
      statusLine.setAttribute("data-state", "pending");
      return;
    }
    if (anyBlocked) {
      statusLine.textContent = label("blocked");
      statusLine.setAttribute("data-state", "pending");
      return;
    }
    if (anyFailure && pending) statusLine.textContent = label("pending");
    else if (saving || pending) statusLine.textContent = label("saving");
    else statusLine.textContent = label("saved");
    statusLine.setAttribute("data-state", anyFailure && pending ? "pending" : (saving || pending) ? "saving" : "saved");
  }

  function note(f, text) {
    var el = form.querySelector('[data-note-for="' + f.key + '"]');
    if (!el) return;
    el.textContent = text || "";
    el.hidden = !text;
    if (text) f.input.setAttribute("aria-invalid", "true");
    else f.input.removeAttribute("aria-invalid");
    if (text) f.input.setAttribute("aria-describedby", el.id);
  }

  function schedule(f, delay) {
    window.clearTimeout(f.timer);
    f.timer = window.setTimeout(function () { send(f); }, delay);
  }

  // Something to send: newer text, or the news that the person finished the text
  // the server already has (the same seq again, with final).
  function due(f) {
    return f.seq > f.confirmed || (f.final && f.seq > f.finished);
  }

  function send(f, leaving) {
    window.clearTimeout(f.timer);
    if (!due(f) || f.blocked || !editable) { showStatus(); return; }
    if (f.inflight) { f.again = true; return; }
    var seq = f.seq, text = f.input.value, final = f.final;
    f.inflight = true;
    showStatus();
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ field: f.key, text: text, seq: seq, final: final }),
      // Lets the request outlive the page when the person leaves it.
      keepalive: !!leaving
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      f.inflight = false;
      if (result.status === 200 && result.data.saved === false && f.seq === seq) {
        // Another device saved a newer text for this field. Do not overwrite it behind the
        // person's back: say so. Reloading shows the other text; typing here replaces it.
        f.failures = 0;
        f.confirmed = Math.max(f.confirmed, result.data.seq || seq);
        f.blocked = true;
        note(f, label("elsewhere"));
      } else if (result.status === 200) {
        f.failures = 0;
        f.confirmed = Math.max(f.confirmed, result.data.seq || seq);
        if (final) f.finished = Math.max(f.finished, seq);
        if (f.confirmed >= f.seq) store(f.key, null);
        // An older text was saved; a newer one that is too long still needs its note.
        if (!f.blocked) note(f, "");
      } else if (result.status === 403 || result.status === 410 ||
                 (result.status >= 400 && result.status < 500 &&
                  result.status !== 409 && !(result.data && result.data.detail))) {
        // The sheet moved to another device, the facilitator removed it (410), or the page
        // is too old (security check): keep the text on this device and say so (a reload
        // leads to the join page, which explains a removal) rather than retry for ever.
        f.blocked = true;
        note(f, (result.status === 403 || result.status === 410) && result.data && result.data.detail ? result.data.detail : label("reload"));
      } else if (result.status === 409) {
        f.blocked = true;
        f.closed = true;
        setEditable(false);
        note(f, label("closed"));
      } else if (result.status >= 400 && result.status < 500) {
        // The server said no for a reason the person can fix (too long, …):
        // keep the text here, say why, and try again once it is changed.
        f.blocked = true;
        note(f, (result.data && result.data.detail) || label("too-long"));
      } else {
        throw new Error("server " + result.status);
      }
      if (f.again) { f.again = false; send(f); }
      showStatus();
    }).catch(function () {
      f.inflight = false;
      f.failures += 1;
      schedule(f, Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, f.failures - 1)));
      showStatus();
    });
  }

  // The person finished the field (left it, paused, left the page): say so with the
  // next save, or alone if the text is already saved.
  function finish(f, leaving) {
    window.clearTimeout(f.pause);
    f.final = true;
    send(f, leaving);
  }

  function finishAfterPause(f) {
    window.clearTimeout(f.pause);
    f.pause = window.setTimeout(function () { finish(f); }, PAUSE_MS);
  }

  function changed(f) {
    f.seq = Math.max(f.seq, f.confirmed) + 1;
    f.final = false;
    f.blocked = false;
    var max = parseInt(f.input.getAttribute("data-max"), 10);
    if (max && f.input.value.length > max) {
      f.blocked = true;
      note(f, label("too-long") + " (" + f.input.value.length + " / " + max + ")");
    } else {
      note(f, "");
    }
    store(f.key, { seq: f.seq, text: f.input.value });
    showStatus();
  }

  function setEditable(value) {
    editable = value;
    Object.keys(fields).forEach(function (key) { fields[key].input.readOnly = !value; });
    var banner = document.getElementById("closed-banner");
    if (banner) banner.hidden = value;
    // "You can still change it" is true only while the reflection is open.
    var openNotes = document.getElementById("open-notes");
    if (openNotes) openNotes.hidden = !value;
    form.querySelectorAll(".sheet-actions button").forEach(function (b) { b.disabled = !value; });
    if (value) Object.keys(fields).forEach(function (key) {
      var f = fields[key];
      // Reopened (the facilitator stepped back): what the closing refused goes now.
      if (f.closed) { f.closed = false; f.blocked = false; note(f, ""); }
      send(f);
    });
    showStatus();
  }

  form.querySelectorAll("[data-field]").forEach(function (input) {
    var key = input.getAttribute("data-field");
    var confirmed = parseInt(input.getAttribute("data-seq"), 10) || 0;
    var f = fields[key] = {
      key: key, input: input, confirmed: confirmed, seq: confirmed,
      timer: null, inflight: false, again: false, failures: 0, blocked: false, closed: false,
      // The text the server has was finished as far as this page knows; typing starts
      // a new one, finished when the field is left or after a pause.
      finished: confirmed, final: false, pause: null
    };
    // Text typed earlier on this device that the server never confirmed comes back.
    var local = stored(key);
    if (local && local.seq > confirmed && local.text !== input.value) {
      input.value = local.text;
      f.seq = local.seq;
    } else if (local) {
      store(key, null);
    }
    // Typed before this script ran (a slow phone), or restored by the browser.
    if (input.value !== input.defaultValue && f.seq === confirmed) changed(f);
    input.addEventListener("input", function () {
      changed(f);
      schedule(f, DEBOUNCE_MS);
      finishAfterPause(f);
    });
    // Enter (or "Go" on a phone keyboard) in a one-line field moves on; it does not hand
    // in the sheet by accident.
    if (input.tagName === "INPUT") {
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        var all = Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
        var next = all[all.indexOf(input) + 1];
        if (next) next.focus();
        else finish(f);
      });
    }
    input.addEventListener("blur", function () { finish(f); });
    input.addEventListener("change", function () { finish(f); });
  });

  window.addEventListener("online", function () {
    Object.keys(fields).forEach(function (key) { send(fields[key]); });
  });
  // Leaving the page: one last try for anything unsent (kept locally regardless), and
  // what was being written is finished. So is it when the page is put away (a phone
  // locked, another app opened).
  window.addEventListener("pagehide", function () {
    Object.keys(fields).forEach(function (key) { finish(fields[key], true); });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    Object.keys(fields).forEach(function (key) { finish(fields[key], true); });
  });
  // Submitting posts the whole form, which finishes every field; the autosaves in flight
  // are then redundant.
  form.addEventListener("submit", function () {
    Object.keys(fields).forEach(function (key) {
      window.clearTimeout(fields[key].timer);
      window.clearTimeout(fields[key].pause);
    });
  });

  Object.keys(fields).forEach(function (key) {
    var f = fields[key];
    // Text restored from this device, or typed before the script ran: saved now, finished
    // after a pause like any other typing.
    if (f.seq > f.confirmed) { send(f); finishAfterPause(f); }
  });
  showStatus();

  // The phase's countdown (timer.js): it only says when time is up, it locks nothing.
  var timerBox = document.getElementById("phase-timer");
  var showTimer = timerBox && window.VogterTimer ? window.VogterTimer.attach(timerBox) : function () {};

  if (window.VogterLive) {
    window.VogterLive.connect(form.getAttribute("data-events-url"), {
      timer: function (data) { showTimer(data.timer); },
      phase: function (data) {
        setEditable(!!data.editable);
        showTimer(data.timer);
        var agreement = document.getElementById("agreement-banner");
        if (agreement) agreement.hidden = data.phase !== "agreement";
      },
      agreement: function () {
        var agreement = document.getElementById("agreement-banner");
        if (agreement) agreement.hidden = false;
      }
    });
  }
})();
