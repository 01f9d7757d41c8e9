// Moderation queue: keyboard navigation and "select all" (no inline scripts under our CSP).
(function () {
  "use strict";

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  }

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var current = document.activeElement && document.activeElement.closest("[data-queue-row]");
    var index = current ? list.indexOf(current) + step : 0;
    index = Math.max(0, Math.min(list.length - 1, index));
    list[index].focus();
    list[index].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-select-all]")) return;
    document.querySelectorAll("input[name=items][form=bulk-form]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var row = document.activeElement && document.activeElement.closest("[data-queue-row]");
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "x" && row) {
      var box = row.querySelector("input[name=items]");
      if (box) { box.checked = !box.checked; }
      event.preventDefault();
    } else if (event.key === "A" && event.shiftKey) {
      var all = document.querySelector("[data-select-all]");
      if (all) { all.checked = !all.checked; all.dispatchEvent(new Event("change", { bubbles: true })); }
      event.preventDefault();
    } else if (event.key === "Enter" && row && event.target === row) {
      var link = row.querySelector("[data-open]");
      if (link) { window.location.href = link.href; event.preventDefault(); }
    }
  });
})();
