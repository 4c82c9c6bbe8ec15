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

  // The sector field (registry.forms.KbliInput): a 5-digit KBLI code, searched here. The
  // list (`data-kbli`, ~120 KB, kept offline by the service worker) is fetched the first
  // time a sector field is used, never with the page; up to 30 matches (code prefix, or
  // every typed word in the title) fill the field's <datalist>.
  var kbli = null;
  function kbliList(url) {
    if (!kbli) {
      kbli = fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .catch(function () { kbli = null; return []; });
    }
    return kbli;
  }
  function kbliShow(input) {
    var listId = input.getAttribute("list");
    var list = document.getElementById(listId);
    var title = document.querySelector('.kbli-title[data-for="' + listId + '"]');
    return kbliList(input.getAttribute("data-kbli")).then(function (rows) {
      var text = input.value.trim().toLowerCase();
      var words = text.split(/\s+/).filter(Boolean);
      var found = [];
      for (var i = 0; i < rows.length && found.length < 30 && text; i++) {
        var row = rows[i], hay = row[1].toLowerCase();
        if (/^\d+$/.test(text) ? row[0].indexOf(text) === 0
            : words.every(function (w) { return hay.indexOf(w) >= 0; })) found.push(row);
      }
      if (list) {
        list.innerHTML = "";
        found.forEach(function (row) {
          var option = document.createElement("option");
          option.value = row[0];
          option.label = row[0] + " " + row[1];
          option.textContent = row[0] + " " + row[1];
          list.appendChild(option);
        });
      }
      var exact = rows.filter(function (row) { return row[0] === input.value.trim(); })[0];
      if (title) title.textContent = exact ? exact[1] : "";
    });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-kbli]")) kbliShow(event.target);
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-kbli]")) kbliShow(event.target);
  });
  window.sinergiKbli = kbliShow; // field.js shows the title of a restored draft's code

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
