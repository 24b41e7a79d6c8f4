// The live channel in the browser: one EventSource per page, no dependencies, no eval, no
// inline code (the Content-Security-Policy forbids both).
//
// Markup:  <div data-live-url="/live/cycles/5/events?after=17"></div>
//          <p data-live-status aria-live="polite" hidden
//             data-live-reconnecting="Reconnecting…" data-live-connected=""></p>
// Each event becomes a CustomEvent "live:<kind>" on document, with
// detail = {seq: <number>, kind: <string>, data: <object>}; "live:open" each time the stream
// (re)connects. A "live:reset" (the screen missed
// too much) is followed by a page reload. The last seq seen is kept: after a failed connection
// (a proxy's error page, a restart) the stream is reopened with ?after=<seq> and the server
// replays what was missed; a plain network drop is resumed by the browser with Last-Event-ID.
(function () {
  "use strict";
  var KINDS = [
    "factor.created", "factor.hidden", "factor.shown", "link.created", "link.hidden",
    "link.shown", "vote.changed", "action.created", "action.updated", "action.hidden",
    "action.shown", "review.updated", "cycle.advanced",
    "attendance.changed", "workshop.opened", "workshop.closed", "workshop.timer",
    "participant.joined"
  ];
  var RETRY_MIN_MS = 2000;
  var RETRY_MAX_MS = 30000;

  var host = document.querySelector("[data-live-url]");
  if (!host || !("EventSource" in window)) { return; }
  var status = document.querySelector("[data-live-status]");
  var baseUrl = host.getAttribute("data-live-url");
  var lastSeq = null;
  var source = null;
  var retryMs = RETRY_MIN_MS;
  var retryTimer = null;

  function showStatus(reconnecting) {
    if (!status) { return; }
    var text = reconnecting
      ? status.getAttribute("data-live-reconnecting") || "…"
      : status.getAttribute("data-live-connected") || "";
    if (status.textContent !== text) { status.textContent = text; }
    status.hidden = !text;
    document.documentElement.classList.toggle("live-reconnecting", reconnecting);
  }

  function urlAfter(seq) {
    if (seq === null) { return baseUrl; }
    var url = new URL(baseUrl, window.location.href);
    url.searchParams.set("after", String(seq));
    return url.pathname + url.search;
  }

  function dispatch(kind, message) {
    var seq = parseInt(message.lastEventId, 10);
    if (!isNaN(seq)) {
      if (lastSeq !== null && seq <= lastSeq && kind !== "reset") { return; }
      lastSeq = seq;
    }
    var data = null;
    try { data = JSON.parse(message.data); } catch (error) { return; }
    document.dispatchEvent(new CustomEvent("live:" + kind, {
      detail: { seq: isNaN(seq) ? null : seq, kind: kind, data: data }
    }));
  }

  function connect() {
    retryTimer = null;
    source = new EventSource(urlAfter(lastSeq));
    source.addEventListener("open", function () {
      retryMs = RETRY_MIN_MS;
      showStatus(false);
      // Pages redo whatever they could not fetch while the connection was down.
      document.dispatchEvent(new CustomEvent("live:open", { detail: { seq: lastSeq } }));
    });
    source.addEventListener("error", function () {
      showStatus(true);
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error, not a drop): try again later, from lastSeq.
        source = null;
        var wait = retryMs + Math.floor(Math.random() * 1000);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        retryTimer = window.setTimeout(connect, wait);
      }
    });
    KINDS.forEach(function (kind) {
      source.addEventListener(kind, function (message) { dispatch(kind, message); });
    });
    source.addEventListener("reset", function (message) {
      dispatch("reset", message);
      window.location.reload();
    });
  }

  function stop() {
    if (source) { source.close(); source = null; }
    if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
  }
  window.addEventListener("pagehide", stop);
  // Back from the browser's page cache: catch up from the last seq.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !source && !retryTimer) { connect(); }
  });

  // A phone that loses its network may keep a dead connection open for minutes: drop it at
  // once, and catch up from the last seq when the network is back.
  window.addEventListener("offline", function () { stop(); showStatus(true); });
  window.addEventListener("online", function () { if (!source && !retryTimer) { connect(); } });

  // For pages and tests: the last seq received, and a way to stop listening.
  window.powertriangleLive = {
    lastSeq: function () { return lastSeq; },
    close: stop
  };
  connect();
})();
