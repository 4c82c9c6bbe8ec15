/* Sinergi on every page: table cards labelled for phones, and the offline service worker.
 * Plain script, no framework, nothing fetched from another host. */
(function () {
  "use strict";

  // A list table becomes cards below 48rem; each cell shows its column name from
  // `data-label`. Cells whose template gave none get it from the table's header row.
  function labelTables(root) {
    (root || document).querySelectorAll("table.list").forEach(function (table) {
      var heads = table.querySelectorAll("thead tr:first-child th");
      if (!heads.length) return;
      var names = [];
      heads.forEach(function (th) {
        var span = parseInt(th.getAttribute("colspan") || "1", 10);
        for (var i = 0; i < span; i++) names.push(th.textContent.trim());
      });
      table.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (!cell.hasAttribute("data-label") && names[col] && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", names[col]);
          }
          col += parseInt(cell.getAttribute("colspan") || "1", 10);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
  document.addEventListener("htmx:afterSettle", function (event) { labelTables(event.target); });

  // The service worker (static/field/sw.js, served at /sw.js so it may control every page)
  // keeps the app shell and the field forms for use without a connection.
  var meta = document.querySelector('meta[name="sinergi-sw"]');
  var sw = meta && meta.getAttribute("content");
  if (sw && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(sw, { scope: "/" }).catch(function () {});
    });
  }
})();
