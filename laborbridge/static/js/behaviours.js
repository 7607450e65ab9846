// Small page behaviours declared by data attributes, since the Content-Security-Policy allows no inline
// event handlers (onclick=, onchange=). Delegated from the document, so content swapped in by htmx works too.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// A search box inside a form (the referral form's vacancy search) searches as one types; Enter must not
// send the form around it.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.closest("[data-enter-stays]")) event.preventDefault();
});
