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
// Registers on a phone: each cell of a table.table-cards is labelled with its
// column's heading (data-label), so the CSS can show a row as a card. A cell's own label wins.
(function () {
  "use strict";
  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll(":scope > thead > tr:last-child > th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll(":scope > tbody > tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (td) {
        if (!td.hasAttribute("data-label") && heads[col] !== undefined && td.colSpan === 1) {
          td.setAttribute("data-label", heads[col]);
        }
        col += td.colSpan || 1;
      });
    });
  }
  function all(root) { (root || document).querySelectorAll("table.table-cards").forEach(label); }
  all();
  document.addEventListener("htmx:afterSettle", function () { all(); });
})();
