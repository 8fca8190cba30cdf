// Infocenter page helpers: nothing here is needed for a page to work without JavaScript.
(function () {
  "use strict";
  // Ctrl+S / Cmd+S submits the form that has the focus (keyboard-first intake).
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      var form = document.activeElement && document.activeElement.form;
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });
  // A form marked data-progress (imports, long exports) shows its spinner and cannot be sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-progress]")) { return; }
    var indicator = form.querySelector("[data-progress-indicator]");
    if (indicator) { indicator.classList.remove("d-none"); }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
})();
