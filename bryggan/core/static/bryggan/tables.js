// Let a data table that is wider than the page scroll on its own instead of the whole page.
// Without JavaScript the page scrolls sideways, which WCAG 1.4.10 allows for data tables.
(function () {
  "use strict";
  var script = document.currentScript;
  var fallback = (script && script.dataset.tableLabel) || "Table";
  function wrap(table) {
    var parent = table.parentElement;
    if (!parent || parent.classList.contains("table-scroll")) return;
    if (table.scrollWidth <= parent.clientWidth + 1) return;
    var region = document.createElement("div");
    region.className = "table-scroll";
    region.tabIndex = 0; // keyboard users can scroll it
    region.setAttribute("role", "region");
    var caption = table.querySelector("caption");
    var name = (caption && caption.textContent.trim()) || table.getAttribute("aria-label") || "";
    region.setAttribute("aria-label", name || fallback);
    parent.insertBefore(region, table);
    region.appendChild(table);
  }
  function wrapAll() {
    document.querySelectorAll("main table").forEach(wrap);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapAll);
  } else {
    wrapAll();
  }
  window.addEventListener("resize", wrapAll);
})();
