// Small page behaviours declared by data attributes, since the Content-Security-Policy allows no inline
// event handlers (onclick=, onchange=). Delegated from the document, so content swapped in by htmx works too.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
