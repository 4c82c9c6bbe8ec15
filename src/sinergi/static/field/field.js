/* Field forms on the phone: drafts as typed, an outbox that sends exactly once.
 *
 * Storage: IndexedDB through the vendored idb-keyval, one database PER USER
 * ("sinergi-field-user-<id>"), so another user logged in on the same phone never reads
 * these items. One item per form:
 *   {id, kind, state: "draft" | "queued" | "refused", data: {field: value}, title,
 *    updated, key?, finished_at?, errors?}
 * A draft is written on every input. Finishing it gives it an idempotency key (made
 * here, once) and puts it in the outbox; the outbox sends it on page load, when the
 * connection returns, and with "Kirim sekarang" (no Background Sync: Safari lacks it).
 * An item leaves the phone ONLY when the server answered for its key; a lost answer
 * means it is sent again with the same key, and the server answers the same result.
 */
(function () {
  "use strict";
  var who = document.querySelector('meta[name="sinergi-user"]');
  var user = who && who.getAttribute("content");
  if (!user || !window.idbKeyval || !window.indexedDB) return;
  var kv = window.idbKeyval;
  var store = kv.createStore("sinergi-field-user-" + user, "items");
  var T = {};
  try { T = JSON.parse(document.getElementById("field-strings").textContent); } catch (e) { T = {}; }
  var PAGE_CACHE = "sinergi-pages";
  var writes = Promise.resolve(); // every write in order: a late draft save never undoes "queued"

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function write(fn) { writes = writes.then(fn, fn); return writes; }
  function items() {
    return kv.values(store).then(function (list) {
      return list.sort(function (a, b) { return (a.updated || "") < (b.updated || "") ? 1 : -1; });
    });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // ------------------------------------------------------------------ offline banner
  function showOnline() {
    var banner = document.getElementById("offline-banner");
    if (!banner && !navigator.onLine) {
      banner = el("p", { id: "offline-banner", "class": "offline-banner", role: "status" }, T.offline);
      var main = document.querySelector("main");
      if (main) main.insertBefore(banner, main.firstChild);
    }
    if (banner) banner.hidden = navigator.onLine;
  }

  // ------------------------------------------------------------------ the form page
  var form = document.getElementById("field-form");
  var regions = {};
  try { regions = JSON.parse((document.getElementById("field-regions") || {}).textContent || "{}") || {}; } catch (e) { regions = {}; }

  function fillOptions(select, parent) {
    if (!select || !Object.keys(regions).length) return;
    var keep = select.value; // the update form opens with the business's own place chosen
    select.innerHTML = "";
    select.appendChild(el("option", { value: "" }, "—"));
    (regions[parent] || []).forEach(function (r) { select.appendChild(el("option", { value: r[0] }, r[1])); });
    if (keep && keep.indexOf(parent) === 0) select.value = keep;
  }

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || f.name === "csrfmiddlewaretoken" || f.type === "submit" || f.type === "button") return;
      data[f.name] = f.type === "checkbox" ? (f.checked ? "on" : "") : f.value;
    });
    return data;
  }

  function restore(data) {
    var regency = form.elements["business-regency"], district = form.elements["business-district"];
    if (regency && data["business-regency"]) { regency.value = data["business-regency"]; fillOptions(district, regency.value); }
    if (district && data["business-district"]) { district.value = data["business-district"]; fillOptions(form.elements["business-village"], district.value); }
    Object.keys(data).forEach(function (name) {
      var f = form.elements[name];
      if (!f || f.type === "submit" || (f.hasAttribute && f.hasAttribute("data-no-restore"))) return;
      if (f.type === "checkbox") f.checked = data[name] === "on"; else f.value = data[name];
    });
    showLocation();
    var sector = form.querySelector("input[data-kbli]");
    if (sector && sector.value && window.sinergiKbli) window.sinergiKbli(sector);
  }

  function showErrors(errors) {
    var box = document.getElementById("form-errors");
    form.querySelectorAll(".field .error.from-server").forEach(function (n) { n.remove(); });
    if (!errors) { box.hidden = true; return; }
    box.hidden = false;
    box.textContent = T.refused || "";
    Object.keys(errors).forEach(function (name) {
      var holder = form.querySelector('[data-field="' + name + '"]') || (form.elements[name] && form.elements[name].closest(".field"));
      (errors[name] || []).forEach(function (msg) {
        var p = el("p", { "class": "error from-server" }, msg);
        if (holder) holder.appendChild(p); else box.appendChild(p);
      });
    });
  }

  function showLocation() {
    var lat = form.elements.latitude, text = document.getElementById("location-text");
    if (!lat || !text) return;
    text.textContent = lat.value ? (T.located + ": " + lat.value + ", " + form.elements.longitude.value) : text.getAttribute("data-none");
  }

  if (form) {
    var params = new URLSearchParams(location.search);
    var id = params.get("draft");
    if (!id) { id = newId(); history.replaceState(null, "", location.pathname + "?draft=" + id); }
    var kind = form.getAttribute("data-kind");
    var status = document.getElementById("draft-status");
    var ready = kv.get(id, store).then(function (item) {
      if (item) { restore(item.data); if (item.state === "refused") showErrors(item.errors); }
      form.setAttribute("data-draft-ready", id);
    });

    var save = function () {
      var data = collect();
      return write(function () {
        return kv.get(id, store).then(function (item) {
          if (item && item.state === "queued") return; // finished: no longer a draft
          return kv.set(id, {
            id: id, kind: kind, state: "draft", data: data,
            title: form.getAttribute("data-title") || data["business-name"] || "", url: location.pathname, updated: new Date().toISOString(),
            errors: item && item.errors
          }, store).then(function () {
            if (status) { status.textContent = T.saved; status.setAttribute("data-saved-at", Date.now()); }
          });
        });
      });
    };
    form.addEventListener("input", function () { ready.then(save); });
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (name === "business-regency") { fillOptions(form.elements["business-district"], event.target.value); fillOptions(form.elements["business-village"], "-"); }
      if (name === "business-district") fillOptions(form.elements["business-village"], event.target.value);
      ready.then(save);
    });
    if (Object.keys(regions).length) {
      // Offline lists replace the online (htmx) ones: remove nothing, just answer first.
      var reg = form.elements["business-regency"];
      if (reg && reg.value) fillOptions(form.elements["business-district"], reg.value);
    }
    var take = document.getElementById("take-location");
    if (take) take.addEventListener("click", function () {
      if (!navigator.geolocation) return;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.latitude.value = pos.coords.latitude.toFixed(6);
        form.elements.longitude.value = pos.coords.longitude.toFixed(6);
        showLocation(); save();
      }, function () {
        var text = document.getElementById("location-text");
        if (text) text.textContent = text.getAttribute("data-denied");
      }, { enableHighAccuracy: true, timeout: 30000 });
    });
    // "It is this business": open the existing one; the draft of a copy is dropped.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("[data-use-existing]");
      if (!link) return;
      event.preventDefault();
      ready.then(function () {
        return write(function () { return kv.del(id, store); });
      }).then(function () { location.assign(link.getAttribute("href")); });
    });
    // While the finished form is being sent, the duplicate check (htmx, on typing) has
    // nothing left to warn about: it is not asked, so it does not share the connection.
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (form.hasAttribute("data-sending") && form.contains(event.target)) event.preventDefault();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) return;
      var data = collect(), key = null;
      form.setAttribute("data-sending", "");
      var check = document.getElementById("duplicates");
      if (check && window.htmx) window.htmx.trigger(check, "htmx:abort");
      ready.then(function () {
        return write(function () {
          return kv.get(id, store).then(function (item) {
            key = (item && item.state === "queued" && item.key) || newId();
            return kv.set(id, {
              id: id, kind: kind, state: "queued", data: data,
              title: form.getAttribute("data-title") || data["business-name"] || "", url: location.pathname, updated: new Date().toISOString(),
              key: key, finished_at: new Date().toISOString()
            }, store);
          });
        });
      }).then(function () {
        // Online: sent from this page at once (one request), answered here. Offline, or
        // not confirmed: the outbox page shows it waiting and sends it again.
        if (!navigator.onLine) return location.assign(form.getAttribute("data-next"));
        if (status) status.textContent = T.sending; // kept on the phone already: say so
        return sendAll().then(function () { return kv.get(id, store); }).then(function (item) {
          if (!item) return confirmed(key);
          form.removeAttribute("data-sending");
          if (item.state === "refused") {
            if (status) status.textContent = T.saved;
            return showErrors(item.errors);
          }
          location.assign(form.getAttribute("data-next"));
        });
      });
    });
  }

  // The server confirmed this page's form: say so in place of the form (no new page to
  // load on a slow network), with the way to the next form and to the outbox.
  function confirmed(key) {
    var answer = sentItems().filter(function (s) { return s.key === key; })[0] || {};
    var box = el("section", { id: "sent-here", "class": "card", role: "status" });
    box.appendChild(el("p", {}, answer.message || ""));
    if (answer.url) box.appendChild(el("p", {})).appendChild(el("a", { href: answer.url }, answer.title));
    var links = box.appendChild(el("p", { "class": "buttons" }));
    links.appendChild(el("a", { href: "/field/new/", "class": "button primary" }, T.new_business));
    links.appendChild(el("a", { href: form.getAttribute("data-next"), "class": "button" }, T.field_forms));
    form.replaceWith(box);
    var status = document.getElementById("draft-status");
    if (status) status.hidden = true;
    history.replaceState(null, "", location.pathname);
    return items().then(function (list) {
      document.body.setAttribute("data-outbox", list.filter(function (i) { return i.state === "queued"; }).length);
    });
  }

  // ------------------------------------------------------------------ the outbox
  var sending = null;

  function sendAll() {
    if (sending) return sending;
    sending = (navigator.locks
      ? navigator.locks.request("sinergi-outbox-" + user, sendQueued)
      : sendQueued()).then(render, render).then(function () { sending = null; });
    return sending;
  }

  function note(text) {
    var s = document.getElementById("outbox-status");
    if (s) s.textContent = text || "";
  }

  // Sent with the CSRF token of the cookie (always the session's current one) and the
  // user the items belong to, which the server checks: one request per form. Only a
  // token the server refuses (a page kept from before the last login) costs a second
  // request, to /field/session/ for a fresh one.
  var OTHER_USER = new Error("another user");

  function sendQueued() {
    return items().then(function (list) {
      var queued = list.filter(function (i) { return i.state === "queued"; });
      if (!queued.length) return;
      if (!navigator.onLine) { note(T.not_sent); return; }
      return queued.reduce(function (chain, item) {
        return chain.then(function () { return sendOne(item); });
      }, Promise.resolve()).catch(function (error) {
        note(error === OTHER_USER ? T.other_user : T.not_sent);
      });
    });
  }

  function cookieToken() {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
    return found ? found.slice("csrftoken=".length) : "";
  }

  function isJson(response) {
    return (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
  }

  function post(item, csrf) {
    return fetch("/field/submit/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ key: item.key, kind: item.kind, data: item.data, finished_at: item.finished_at, user: user })
    });
  }

  function sendOne(item) {
    return post(item, cookieToken()).then(function (response) {
      if (response.status !== 403 || isJson(response)) return response;
      return fetch("/field/session/", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (who) {
          if (String(who.user) !== String(user)) throw OTHER_USER;
          return post(item, who.csrf);
        });
    }).then(function (response) {
      if (!isJson(response) || response.redirected) throw OTHER_USER; // not signed in
      return response.json().then(function (answer) {
        if (response.status === 409) throw OTHER_USER; // another user's session
        if (response.ok) {
          // Confirmed by the server for this key: only now does the item leave the phone.
          remember(item, answer);
          return write(function () { return kv.del(item.id, store); });
        }
        if (response.status === 400 || response.status === 403) {
          return write(function () {
            item.state = "refused"; item.errors = answer.errors || {}; item.key = null;
            return kv.set(item.id, item, store);
          });
        }
        throw new Error("server " + response.status); // kept, sent again later
      });
    });
  }

  function sentItems() {
    try { return JSON.parse(sessionStorage.getItem("sinergi-sent-" + user) || "[]"); } catch (e) { return []; }
  }

  function remember(item, answer) {
    var sent = sentItems();
    sent.unshift({ title: answer.name || item.title, url: answer.url, message: answer.message, key: answer.key });
    sessionStorage.setItem("sinergi-sent-" + user, JSON.stringify(sent.slice(0, 20)));
  }

  function render() {
    var drafts = document.getElementById("drafts"), outbox = document.getElementById("outbox");
    if (!drafts || !outbox) return;
    return items().then(function (list) {
      [drafts, outbox].forEach(function (ul) { ul.innerHTML = ""; });
      list.forEach(function (item) {
        var ul = item.state === "draft" ? drafts : outbox;
        var li = el("li", { "data-item": item.id, "data-state": item.state });
        var label = T[item.state] || item.state;
        li.appendChild(el("strong", {}, item.title || T.untitled));
        li.appendChild(el("span", { "class": "badge" }, label));
        if (item.state !== "queued") {
          li.appendChild(el("a", { href: (item.url || "/field/new/") + "?draft=" + encodeURIComponent(item.id), "class": "open" }, T.open));
        }
        var remove = el("button", { type: "button", "class": "small remove" }, T.remove);
        remove.addEventListener("click", function () {
          if (!window.confirm(T.remove_confirm)) return;
          write(function () { return kv.del(item.id, store); }).then(render);
        });
        li.appendChild(remove);
        ul.appendChild(li);
      });
      [drafts, outbox].forEach(function (ul) {
        if (!ul.children.length) ul.appendChild(el("li", { "class": "muted empty-item" }, ul.getAttribute("data-empty")));
      });
      var sentList = document.getElementById("sent");
      if (sentList) {
        var sent = sentItems();
        sentList.innerHTML = "";
        sent.forEach(function (s) {
          var li = el("li", { "data-key": s.key });
          li.appendChild(s.url ? el("a", { href: s.url }, s.title) : el("strong", {}, s.title));
          li.appendChild(el("span", { "class": "muted" }, " — " + s.message));
          sentList.appendChild(li);
        });
        if (!sent.length) sentList.appendChild(el("li", { "class": "muted empty-item" }, sentList.getAttribute("data-empty")));
      }
      document.body.setAttribute("data-outbox", list.filter(function (i) { return i.state === "queued"; }).length);
    });
  }

  var sendButton = document.getElementById("send-now");
  if (sendButton) sendButton.addEventListener("click", function () { sendAll(); });

  // ------------------------------------------------------------------ logout
  // Keep or discard what is still on the phone; the pages kept for offline use are
  // emptied either way, so the next user never opens this user's forms.
  var warmed = Promise.resolve();

  function leave(logoutForm, discard) {
    warmed.then(function () {
      var steps = [window.caches ? caches.delete(PAGE_CACHE) : Promise.resolve()];
      if (discard) steps.push(write(function () { return kv.clear(store); }));
      return Promise.all(steps);
    }).then(function () { logoutForm.submit(); }, function () { logoutForm.submit(); });
  }

  document.addEventListener("submit", function (event) {
    var logoutForm = event.target;
    if (!logoutForm.action || !/\/accounts\/logout\/$/.test(logoutForm.action)) return;
    event.preventDefault();
    items().then(function (list) {
      if (!list.length) return leave(logoutForm, false);
      var dialog = el("dialog", { id: "logout-dialog" });
      dialog.appendChild(el("h2", {}, T.logout_title));
      dialog.appendChild(el("p", {}, T.logout_text));
      var buttons = el("div", { "class": "buttons" });
      [["keep", "primary", false], ["discard", "danger", true]].forEach(function (b) {
        var button = el("button", { type: "button", "class": b[1], "data-choice": b[0] }, T[b[0]]);
        button.addEventListener("click", function () { leave(logoutForm, b[2]); });
        buttons.appendChild(button);
      });
      var cancel = el("button", { type: "button", "data-choice": "cancel" }, T.cancel);
      cancel.addEventListener("click", function () { dialog.close(); dialog.remove(); });
      buttons.appendChild(cancel);
      dialog.appendChild(buttons);
      document.body.appendChild(dialog);
      dialog.showModal();
    });
  }, true);

  // ------------------------------------------------------------------ start
  window.addEventListener("online", function () { showOnline(); sendAll(); });
  window.addEventListener("offline", showOnline);
  document.addEventListener("DOMContentLoaded", function () {
    showOnline();
    render();
    sendAll();
    // Ask the worker to keep the field pages; logout waits for it (below), so no page is
    // still being fetched for this session when the session ends.
    var worker = "serviceWorker" in navigator && navigator.serviceWorker.controller;
    if (worker && navigator.onLine) {
      warmed = new Promise(function (done) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { done(); };
        worker.postMessage("warm", [channel.port2]);
      });
    }
  });
})();
