// Live workshop pages (phone and presenter): forms and step links that swap a part of the page,
// parts that refresh themselves on live events, items inserted from live events (textContent
// only, never HTML of people's text), the timer and the joined counts. Everything works without
// this file too (plain posts and links). No inline code: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  var doc = document;
  var THROTTLE_MS = 400;
  var SWAP_STATUSES = [200, 409, 422, 429];
  var root = doc.querySelector("[data-workshop]");
  var workshopId = root ? Number(root.getAttribute("data-workshop")) : null;

  function all(node, selector) {
    var found = Array.prototype.slice.call(node.querySelectorAll(selector));
    if (node.matches && node.matches(selector)) { found.unshift(node); }
    return found;
  }

  function problem(kind) {
    var box = doc.getElementById("problem");
    if (!box) { return; }
    box.textContent = kind ? box.getAttribute("data-" + kind) : "";
    box.hidden = !kind;
  }

  // -- Swapping: every top-level element of an answer replaces the element with its id. --------
  function swap(html, moveFocus) {
    var holder = doc.createElement("template");
    holder.innerHTML = html;
    var focusTarget = null;
    var hadFocus = false;
    Array.prototype.slice.call(holder.content.children).forEach(function (fresh) {
      var old = fresh.id && doc.getElementById(fresh.id);
      if (!old) { return; }
      hadFocus = hadFocus || old.contains(doc.activeElement);
      old.replaceWith(fresh);
      counters(fresh);
      var timer = all(fresh, "[data-timer]")[0];
      if (timer) { setTimer(timer.getAttribute("data-seconds")); }
      focusTarget = focusTarget || fresh.querySelector("[data-error-summary], [data-focus], [data-step]");
    });
    if (focusTarget && (moveFocus || hadFocus)) {
      if (!focusTarget.hasAttribute("tabindex")) { focusTarget.setAttribute("tabindex", "-1"); }
      focusTarget.focus();
    }
  }

  function send(url, options, moveFocus) {
    options.headers = { "HX-Request": "true" };
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      if (response.status === 410) {  // the workshop has ended: its page says thank you
        window.location.reload();
        return false;
      }
      if (SWAP_STATUSES.indexOf(response.status) < 0) {
        problem("error");
        return false;
      }
      return response.text().then(function (html) {
        problem(null);
        swap(html, moveFocus);
        return true;
      });
    }, function () {
      problem("offline");
      return false;
    });
  }

  // -- A live character count under texts with a limit (data-limit, data-count, data-over). ---
  // The count shows how much is written; past the limit it says by how much, and a polite
  // announcement is made only when the text crosses the limit. Nothing typed is ever cut: the
  // server refuses a text that is too long and gives it back.
  function countText(field) {
    var limit = Number(field.getAttribute("data-limit"));
    var n = Array.from(field.value).length;
    var template = field.getAttribute(n > limit ? "data-over" : "data-count");
    return { over: n > limit, text: template.replace("{count}", String(n))
      .replace("{limit}", String(limit)).replace("{excess}", String(n - limit)) };
  }
  function updateCount(field) {
    var shown = doc.getElementById(field.id + "-count");
    var said = doc.getElementById(field.id + "-count-said");
    if (!shown || !said) { return; }
    var state = countText(field);
    shown.textContent = state.text;
    shown.classList.toggle("char-count-over", state.over);
    if (state.over !== (shown.getAttribute("data-was-over") === "true")) {
      said.textContent = state.text;
      shown.setAttribute("data-was-over", state.over ? "true" : "false");
    }
  }
  function counters(node) {
    all(node, "textarea[data-limit][id]").forEach(function (field) {
      if (doc.getElementById(field.id + "-count")) { return; }
      var shown = doc.createElement("p");
      shown.className = "char-count";
      shown.id = field.id + "-count";
      shown.setAttribute("aria-hidden", "true");
      shown.setAttribute("data-was-over", countText(field).over ? "true" : "false");
      var said = doc.createElement("p");
      said.className = "visually-hidden";
      said.id = field.id + "-count-said";
      said.setAttribute("aria-live", "polite");
      field.after(shown, said);
      updateCount(field);
    });
  }
  doc.addEventListener("input", function (event) {
    var field = event.target;
    if (field instanceof HTMLTextAreaElement && field.hasAttribute("data-limit")) { updateCount(field); }
  });
  counters(doc);

  doc.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-swap")) { return; }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") { return; }
    var body = new URLSearchParams(new FormData(form));
    var button = event.submitter;
    if (button && button.name) { body.append(button.name, button.value); }
    form.setAttribute("aria-busy", "true");
    send(form.action, { method: "POST", body: body }, true).then(function () {
      form.removeAttribute("aria-busy");
    });
  });

  doc.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-swap-link]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    send(link.href, { method: "GET" }, true);
  });

  // -- Parts that refresh themselves: data-refresh-on="<kinds>" data-refresh-url="…". ---------
  var pending = {};
  function refresh(id) {
    var part = doc.getElementById(id);
    if (!part) { return; }
    if (pending[id] === "busy") { pending[id] = "again"; return; }
    pending[id] = "busy";
    send(part.getAttribute("data-refresh-url"), { method: "GET" }, false).then(function (ok) {
      var again = pending[id] === "again";
      delete pending[id];
      if (ok) { delete stale[id]; } else { stale[id] = true; }
      if (again) { schedule(id, 0); }
    });
  }
  // A part whose refresh failed (the network dropped) is fetched again once the live stream is
  // back, so a phone never stays on an old stage or list after a drop.
  var stale = {};
  doc.addEventListener("live:open", function () {
    Object.keys(stale).forEach(function (id) { schedule(id, 0); });
  });
  function schedule(id, jitter) {
    if (pending[id]) { if (pending[id] === "busy") { pending[id] = "again"; } return; }
    pending[id] = "waiting";
    window.setTimeout(function () { delete pending[id]; refresh(id); },
      THROTTLE_MS + Math.floor(Math.random() * jitter));
  }
  function refreshFor(kind) {
    all(doc, "[data-refresh-on]").forEach(function (part) {
      if (part.id && part.getAttribute("data-refresh-on").split(" ").indexOf(kind) >= 0) {
        schedule(part.id, Number(part.getAttribute("data-jitter") || 0));
      }
    });
  }
  ["factor.created", "factor.hidden", "factor.shown", "link.created", "link.hidden",
    "link.shown", "vote.changed", "action.created", "action.hidden", "action.shown",
    "cycle.advanced", "workshop.closed"].forEach(function (kind) {
    doc.addEventListener("live:" + kind, function (event) {
      var data = event.detail.data || {};
      if (kind === "workshop.closed" && data.workshop_id !== workshopId) { return; }
      refreshFor(kind);
    });
  });

  // -- Items from live events, in the page's own order. ---------------------------------------
  function board() { return doc.querySelector("[data-labels]"); }
  function labels(host) {
    try { return JSON.parse(host.getAttribute("data-labels")); } catch (error) { return {}; }
  }
  function shuffleKey(text) {  // the same as triangle.voice.shuffle_key: FNV-1a, then fmix32
    var hash = 0x811c9dc5;
    new TextEncoder().encode(text).forEach(function (byte) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    });
    hash = (hash ^ (hash >>> 16)) >>> 0;
    hash = Math.imul(hash, 0x85ebca6b) >>> 0;
    hash = (hash ^ (hash >>> 13)) >>> 0;
    hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
    return (hash ^ (hash >>> 16)) >>> 0;
  }
  function order(host, id) {
    var salt = host.getAttribute("data-salt");
    return salt ? shuffleKey(salt + ":" + id) : id;
  }
  function who(data) {  // the server's words (cycles.parts.voices), in the page's language
    var label = data.label || {};
    return label[doc.documentElement.lang] || label.en || "";
  }
  function fill(node, view) {
    all(node, "[data-fill]").forEach(function (el) {
      el.textContent = String(view[el.getAttribute("data-fill")]);
    });
    all(node, "[data-fill-attr]").forEach(function (el) {
      el.getAttribute("data-fill-attr").split(" ").forEach(function (pair) {
        var parts = pair.split(":");
        el.setAttribute(parts[0], String(view[parts[1]]));
      });
    });
    return node;
  }
  function clone(host, name, view) {
    var template = host.querySelector('template[data-tpl="' + name + '"]') ||
      doc.querySelector('template[data-tpl="' + name + '"]');
    if (!template) { return null; }
    return fill(template.content.firstElementChild.cloneNode(true), view);
  }
  function insertSorted(list, node, key, id) {
    var before = Array.prototype.slice.call(list.children).find(function (item) {
      var other = Number(item.getAttribute("data-order"));
      return other > key || (other === key && Number(item.getAttribute("data-factor")) > id);
    });
    list.insertBefore(node, before || null);
  }

  function addFactor(data) {
    var host = board();
    if (!host || data.hidden) { return; }
    var words = labels(host);
    var polarity = (words.polarity || {})[data.polarity] || data.polarity;
    var view = {
      id: data.id, order: order(host, data.id), polarity: data.polarity, pol: polarity,
      text: data.text, who: who(data), votes: 0, icon: "#i-" + data.polarity,
      label: polarity + ": " + data.text, checkid: "a-f" + data.id,
      mark: "mark mark-" + data.polarity
    };
    var list = host.querySelector('[data-factor-list="' + data.dimension + '"]');
    if (list && !list.querySelector('[data-factor="' + data.id + '"]')) {
      var item = clone(host, "factor", view);
      if (item) { insertSorted(list, item, view.order, data.id); }
    }
    all(doc, "select[data-factor-options]").forEach(function (select) {
      if (select.querySelector('option[value="' + data.id + '"]')) { return; }
      var option = new Option(view.label, String(data.id));
      var before = Array.prototype.slice.call(select.options).find(function (other) {
        return other.value && other.text.localeCompare(view.label) > 0;
      });
      select.insertBefore(option, before || null);
    });
    all(doc, "[data-factor-checks]").forEach(function (box) {
      if (box.querySelector('[data-factor="' + data.id + '"]')) { return; }
      var check = clone(box.parentNode, "factor-check", view);
      if (check) { box.appendChild(check); }
    });
  }

  // A hidden factor leaves with its links (data-between names a link's two factors): its words
  // must not come back through a link's note.
  function removeFactor(data) {
    all(doc, '[data-factor="' + data.id + '"], [data-between~="' + data.id + '"], ' +
      'select[data-factor-options] option[value="' + data.id + '"]').forEach(function (el) {
      if (el.matches("[data-refresh-on]")) { return; }
      el.remove();
    });
  }

  // A hidden link or action leaves every list at once (its place in the log has no words).
  function removeItem(kind, data) {
    all(doc, "[data-" + kind + '="' + data.id + '"]').forEach(function (el) { el.remove(); });
  }

  function addItem(kind, data, view) {
    var host = board();
    if (data.hidden) { return; }
    var list = host && host.querySelector("[data-" + kind + "-list]");
    if (!list || list.querySelector("[data-" + kind + '="' + data.id + '"]')) { return; }
    view.id = data.id;
    view.order = order(host, data.id);
    view.who = who(data);
    var item = clone(host, kind, view);
    if (item) { insertSorted(list, item, view.order, data.id); }
  }

  function factorText(id) {
    var el = doc.querySelector('[data-factor="' + id + '"] .wf-text');
    return el ? el.textContent : "…";
  }

  doc.addEventListener("live:factor.created", function (event) { addFactor(event.detail.data); });
  doc.addEventListener("live:factor.hidden", function (event) { removeFactor(event.detail.data); });
  ["link", "action"].forEach(function (kind) {
    doc.addEventListener("live:" + kind + ".hidden", function (event) {
      removeItem(kind, event.detail.data);
    });
  });
  doc.addEventListener("live:link.created", function (event) {
    var data = event.detail.data;
    addItem("link", data, {
      note: data.note, a: factorText(data.factor_a), b: factorText(data.factor_b),
      between: data.factor_a + " " + data.factor_b
    });
  });
  doc.addEventListener("live:action.created", function (event) {
    var data = event.detail.data;
    var host = board();
    var kinds = host ? labels(host).kind || {} : {};
    addItem("action", data, { title: data.title, kind: kinds[data.kind] || data.kind });
  });
  doc.addEventListener("live:vote.changed", function (event) {
    var data = event.detail.data;
    all(doc, '[data-votes="' + data.factor_id + '"]').forEach(function (el) {
      el.textContent = String(data.votes);
    });
  });

  // -- Who has joined (counts by role group only). --------------------------------------------
  doc.addEventListener("live:participant.joined", function (event) {
    var data = event.detail.data;
    if (data.workshop_id !== workshopId) { return; }
    all(doc, "[data-joined-total]").forEach(function (el) { el.textContent = String(data.present); });
    all(doc, "[data-joined-group]").forEach(function (el) {
      el.textContent = String(data.groups[el.getAttribute("data-joined-group")] || 0);
    });
  });

  // -- The timer: the server says how many seconds are left; the countdown runs here. ---------
  var timerEnd = null;
  function setTimer(seconds) {
    timerEnd = seconds === null || seconds === "" || seconds === undefined
      ? null : Date.now() + Number(seconds) * 1000;
    tick();
  }
  function tick() {
    all(doc, "[data-timer]").forEach(function (el) {
      el.hidden = timerEnd === null;
      if (timerEnd === null) { return; }
      var left = Math.max(0, Math.round((timerEnd - Date.now()) / 1000));
      var text = left > 0
        ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0")
        : el.getAttribute("data-up");
      var out = el.querySelector("[data-timer-text]");
      if (out && out.textContent !== text) { out.textContent = text; }
      el.classList.toggle("timer-up", left === 0);
    });
  }
  var firstTimer = doc.querySelector("[data-timer]");
  if (firstTimer) { setTimer(firstTimer.getAttribute("data-seconds")); }
  window.setInterval(tick, 1000);
  doc.addEventListener("live:workshop.timer", function (event) {
    var data = event.detail.data;
    if (data.workshop_id === workshopId) { setTimer(data.running ? data.seconds_left : null); }
  });
  doc.addEventListener("live:workshop.closed", function (event) {
    if (event.detail.data.workshop_id !== workshopId) { return; }
    setTimer(null);
    // A phone's workshop has ended: its page now says thank you (and its stream is over).
    if (doc.querySelector("[data-phone]")) { window.location.reload(); }
  });
})();
