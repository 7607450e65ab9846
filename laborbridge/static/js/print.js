// The official report's print button (no inline handler: the pages run under a CSP without inline scripts).
(function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
