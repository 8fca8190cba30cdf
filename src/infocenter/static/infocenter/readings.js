// An inspection reading outside its check's normal range (MR-9) warns while it is typed: saving
// it opens a work order. The range and the words come from the input's data attributes.
(function () {
  "use strict";
  document.querySelectorAll("input[data-reading-warning]").forEach(function (input) {
    var warning = document.createElement("div");
    warning.className = "reading-warning text-danger fw-semibold mt-1 d-none";
    warning.setAttribute("role", "status");
    warning.dataset.testid = "reading-warning";
    warning.innerHTML = '<i class="bi bi-exclamation-triangle"></i> ';
    warning.appendChild(document.createTextNode(input.dataset.readingWarning));
    input.insertAdjacentElement("afterend", warning);
    var min = input.dataset.readingMin === "" ? null : parseFloat(input.dataset.readingMin);
    var max = input.dataset.readingMax === "" ? null : parseFloat(input.dataset.readingMax);
    function check() {
      var text = input.value.trim();
      var value = text === "" ? NaN : parseFloat(text);
      var out = !isNaN(value) && ((min !== null && value < min) || (max !== null && value > max));
      warning.classList.toggle("d-none", !out);
      input.classList.toggle("is-invalid", out);
    }
    input.addEventListener("input", check);
    check();
  });
})();
