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
})();
