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
})();
