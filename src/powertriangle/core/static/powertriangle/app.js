// Small progressive enhancements; every page works without this file.
// No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Move focus to a freshly swapped-in error, so keyboard and screen-reader users hear it.
  // After an outerHTML swap the old target is detached, so look in the document for errors
  // that have not been focused yet.
  document.addEventListener("htmx:afterSettle", function () {
    var error = document.querySelector("[data-error-summary]:not([data-focused]), .field-error:not([data-focused])");
    if (!error) { return; }
    error.setAttribute("data-focused", "");
    if (!error.hasAttribute("tabindex")) { error.setAttribute("tabindex", "-1"); }
    error.focus();
  });
  // Confirm buttons marked data-confirm (stage moves) without inline handlers.
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  // A full-screen switch for the big screen (data-fullscreen, hidden until it can work): the
  // page fills the projector, without the browser's bars and the site's header.
  var screenButton = document.querySelector("[data-fullscreen]");
  if (screenButton && document.fullscreenEnabled) {
    var label = function () {
      var on = Boolean(document.fullscreenElement);
      screenButton.textContent = screenButton.getAttribute(on ? "data-leave" : "data-enter");
      screenButton.setAttribute("aria-pressed", on ? "true" : "false");
    };
    screenButton.hidden = false;
    label();
    document.addEventListener("fullscreenchange", label);
    screenButton.addEventListener("click", function () {
      var done = document.fullscreenElement
        ? document.exitFullscreen() : document.documentElement.requestFullscreen();
      done.catch(function () { /* refused by the browser: the page stays as it is */ });
    });
  }
})();
