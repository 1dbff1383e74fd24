// The worksheet's second language, the participant's choice: the kit's questions in the
// other language are hidden until the person asks for them, and the choice is kept on
// this device for this workshop's sheet (localStorage; nothing about the person).
(function () {
  "use strict";
  var button = document.querySelector("[data-other-language]");
  if (!button) return;
  var key = "vogter-other-language:" + button.getAttribute("data-other-language");
  var lines = document.querySelectorAll(".other-language");
  if (!lines.length) return;

  function show(on) {
    lines.forEach(function (line) { line.hidden = !on; });
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function remembered() {
    try { return window.localStorage.getItem(key) === "1"; } catch (e) { return false; }
  }

  button.addEventListener("click", function () {
    var on = button.getAttribute("aria-pressed") !== "true";
    show(on);
    try {
      if (on) window.localStorage.setItem(key, "1");
      else window.localStorage.removeItem(key);
    } catch (e) { /* private mode: the choice lasts for this page */ }
  });
  button.parentElement.hidden = false;
  show(remembered());
})();
