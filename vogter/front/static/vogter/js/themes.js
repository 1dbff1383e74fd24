// The theme wall: drag an answer onto another theme to move it (the keyboard way is
// the checkboxes and the "Move" form, which work without this script), find answers
// by text, and count the chosen ones.
(function () {
  "use strict";
  var wall = document.querySelector(".theme-wall");
  if (!wall) return;
  var form = document.getElementById("move-form");
  var csrfInput = form ? form.querySelector("[name=csrfmiddlewaretoken]") : null;
  var status = document.getElementById("chosen-count");

  function sizeOf(theme) { return theme ? theme.querySelector("[data-size]") : null; }
  function recount() {
    wall.querySelectorAll("[data-theme]").forEach(function (theme) {
      var size = sizeOf(theme);
      if (size) size.textContent = theme.querySelectorAll(".theme-answer").length;
    });
  }

  function move(answer, target) {
    var body = new URLSearchParams();
    body.append("question", wall.getAttribute("data-question"));
    body.append("answers", answer.getAttribute("data-answer"));
    body.append("theme", target.getAttribute("data-drop"));
    answer.classList.add("is-moving");
    fetch(wall.getAttribute("data-move-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfInput ? csrfInput.value : "", "Accept": "application/json" },
      body: body
    }).then(function (r) {
      answer.classList.remove("is-moving");
      if (!r.ok) throw new Error("refused");
      target.appendChild(answer);
      var details = target.closest("details");
      if (details) details.open = true;
      recount();
      if (status) status.textContent = wall.getAttribute("data-label-moved");
    }).catch(function () {
      answer.classList.remove("is-moving");
      if (status) status.textContent = wall.getAttribute("data-label-failed");
    });
  }

  var dragged = null;
  wall.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest(".theme-answer");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.getAttribute("data-answer"));
    dragged.classList.add("is-dragged");
  });
  wall.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragged");
    wall.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    dragged = null;
  });
  function dropZone(event) {
    var theme = event.target.closest && event.target.closest("[data-theme]");
    return theme ? theme.querySelector("[data-drop]") : null;
  }
  wall.addEventListener("dragover", function (event) {
    var zone = dropZone(event);
    if (!dragged || !zone) return;
    event.preventDefault();
    zone.closest("[data-theme]").classList.add("is-target");
  });
  wall.addEventListener("dragleave", function (event) {
    var theme = event.target.closest && event.target.closest("[data-theme]");
    if (theme && !theme.contains(event.relatedTarget)) theme.classList.remove("is-target");
  });
  wall.addEventListener("drop", function (event) {
    var zone = dropZone(event);
    if (!dragged || !zone) return;
    event.preventDefault();
    zone.closest("[data-theme]").classList.remove("is-target");
    if (zone !== dragged.parentElement) move(dragged, zone);
  });

  // How many answers are ticked for the Move form.
  if (form && status) {
    wall.addEventListener("change", function () {
      var n = wall.querySelectorAll('input[name="answers"]:checked').length;
      status.textContent = n ? (n + " ✓") : "";
    });
  }

  // A new theme needs its name field; the others don't.
  var target = document.getElementById("move-target");
  var label = document.getElementById("move-label");
  if (target && label) {
    var toggle = function () { label.hidden = target.value !== "new"; };
    target.addEventListener("change", toggle);
    toggle();
  }

  // Find answers by their text.
  var filter = document.getElementById("answer-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var needle = filter.value.trim().toLocaleLowerCase();
      wall.querySelectorAll(".theme-answer").forEach(function (answer) {
        answer.hidden = needle !== "" && answer.textContent.toLocaleLowerCase().indexOf(needle) === -1;
      });
      if (needle) wall.querySelectorAll("details").forEach(function (d) { d.open = true; });
    });
  }

  // Replacing themes asks first.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
