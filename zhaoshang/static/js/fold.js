/* Parts of a page that fold away on a phone: the top bar's menu (base.html) and a list's filters.
   A [data-fold-button] opens and closes the element its aria-controls names. Loaded in <head>
   without defer, so `html.js` is set before the first paint; without JavaScript nothing folds. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(button, target, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    target.classList.toggle("is-open", open);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var folds = [];
    document.querySelectorAll("[data-fold-button]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("aria-controls"));
      if (!target) { return; }
      folds.push([button, target]);
      button.addEventListener("click", function () {
        setOpen(button, target, button.getAttribute("aria-expanded") !== "true");
      });
    });
    // Escape folds what is open and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      folds.forEach(function (fold) {
        if (fold[0].getAttribute("aria-expanded") === "true") {
          setOpen(fold[0], fold[1], false);
          fold[0].focus();
        }
      });
    });
  });
})();
