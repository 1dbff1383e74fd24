// Live updates over Server-Sent Events (see docs/live.md). No dependencies.
//
//   var live = VogterLive.connect(url, {
//     snapshot: function (data) { ... },   // one handler per event name
//     saved: function (data) { ... }
//   }, function (state) { ... });          // "connecting", "connected" or "reconnecting"
//   live.close();
//
// Every (re)connection starts with the server's snapshot event, so handlers that
// apply the snapshot and then events (idempotently) keep the page whole without a
// reload. The browser retries a dropped stream by itself; when it gives up (an
// error status, a server that is down) this retries with backoff, and at once when
// the device comes back online or the page becomes visible after a while.
(function () {
  "use strict";

  var FIRST_DELAY = 1000;
  var MAX_DELAY = 30000;
  // A phone asleep this long may hold a stream that is silently dead.
  var STALE_AFTER_HIDDEN = 20000;

  function connect(url, handlers, onState) {
    var source = null;
    var timer = null;
    var delay = FIRST_DELAY;
    var hiddenAt = null;
    var closed = false;
    var state = null;

    function setState(next) {
      if (next === state) return;
      state = next;
      if (onState) onState(next);
    }

    function dispatch(name) {
      return function (message) {
        var data;
        try {
          data = JSON.parse(message.data);
        } catch (error) {
          console.error("VogterLive: bad data for " + name, error);
          return;
        }
        try {
          handlers[name](data);
        } catch (error) {
          console.error("VogterLive: the " + name + " handler failed", error);
        }
      };
    }

    function open() {
      clearTimeout(timer);
      timer = null;
      if (source) source.close();
      setState(state === null ? "connecting" : "reconnecting");
      var current = (source = new EventSource(url));
      Object.keys(handlers).forEach(function (name) {
        current.addEventListener(name, dispatch(name));
      });
      current.onopen = function () {
        delay = FIRST_DELAY;
        setState("connected");
      };
      current.onerror = function () {
        if (closed || current !== source) return;
        setState("reconnecting");
        if (current.readyState === EventSource.CLOSED) {
          // The browser gave up: try again later, ever more patiently.
          source = null;
          var wait = delay / 2 + Math.random() * delay / 2;
          delay = Math.min(delay * 2, MAX_DELAY);
          timer = setTimeout(open, wait);
        }
      };
    }

    function reconnectNow() {
      if (!closed && (source === null || source.readyState === EventSource.CLOSED)) open();
    }

    function onVisibility() {
      if (document.hidden) {
        hiddenAt = Date.now();
      } else if (hiddenAt !== null) {
        var away = Date.now() - hiddenAt;
        hiddenAt = null;
        if (away > STALE_AFTER_HIDDEN && !closed) open();
        else reconnectNow();
      }
    }

    window.addEventListener("online", reconnectNow);
    document.addEventListener("visibilitychange", onVisibility);
    open();

    return {
      close: function () {
        closed = true;
        clearTimeout(timer);
        if (source) source.close();
        source = null;
        window.removeEventListener("online", reconnectNow);
        document.removeEventListener("visibilitychange", onVisibility);
      },
      get state() {
        return state;
      }
    };
  }

  window.VogterLive = { connect: connect };
})();
