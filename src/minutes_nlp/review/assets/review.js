// minutes-nlp review page: filters by decision label and body. Plain DOM, no library, no network.
(function () {
  "use strict";
  var active = new Set();                     // labels switched on; empty = every label
  var bodySelect = document.getElementById("body-filter");
  var shown = document.getElementById("shown-count");

  function labelOk(el) { return active.size === 0 || active.has(el.getAttribute("data-label")); }
  function bodyOk(el) { var b = bodySelect ? bodySelect.value : ""; return !b || el.getAttribute("data-body") === b; }
  function toggle(el, visible) { el.classList.toggle("hidden", !visible); }

  function apply() {
    var items = document.querySelectorAll("article.item");
    var visible = 0;
    items.forEach(function (el) { var ok = labelOk(el) && bodyOk(el); toggle(el, ok); if (ok) { visible += 1; } });
    document.querySelectorAll("tr.review-row").forEach(function (el) { toggle(el, labelOk(el) && bodyOk(el)); });
    document.querySelectorAll("tr.meeting-row, g.chart-row").forEach(function (el) { toggle(el, bodyOk(el)); });
    document.querySelectorAll("section.meeting").forEach(function (el) {
      var any = el.querySelector("article.item:not(.hidden)") !== null;
      var empty = el.querySelector("article.item") === null;
      toggle(el, bodyOk(el) && (any || (empty && active.size === 0)));
    });
    if (shown) { shown.textContent = "Showing " + visible + " of " + items.length + " items"; }
  }

  document.querySelectorAll("button.label-filter").forEach(function (button) {
    button.addEventListener("click", function () {
      var label = button.getAttribute("data-label");
      if (active.has(label)) { active.delete(label); } else { active.add(label); }
      button.setAttribute("aria-pressed", active.has(label) ? "true" : "false");
      apply();
    });
  });
  if (bodySelect) { bodySelect.addEventListener("change", apply); }
  var clear = document.getElementById("clear-filters");
  if (clear) {
    clear.addEventListener("click", function () {
      active.clear();
      document.querySelectorAll("button.label-filter").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      if (bodySelect) { bodySelect.value = ""; }
      apply();
    });
  }
  // each item's left border takes its badge's colour
  document.querySelectorAll("article.item").forEach(function (el) {
    var b = el.querySelector("h3 .badge");
    if (b) { el.style.borderLeftColor = b.style.backgroundColor; }
  });
  // a long item's text box opens at its decision rather than at the heading
  document.querySelectorAll(".item-text").forEach(function (box) {
    var decision = box.querySelector(".hl-decision");
    if (decision && box.scrollHeight > box.clientHeight &&
        decision.offsetTop + Math.min(decision.offsetHeight, 60) > box.clientHeight) {  // not in view
      box.scrollTop = Math.max(0, decision.offsetTop - box.clientHeight / 3);
    }
  });
  apply();
}());
