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
  // A link marked data-download (a long export, such as a branch's annual report in Excel) is
  // fetched with a spinner on the link and a word of what is happening, then saved under the
  // server's file name; a refusal is shown beside it. Without JavaScript it is a plain link.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (!link || !window.fetch || !window.URL || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") { return; }
    var status = link.parentNode.querySelector("[data-download-status]");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm ms-1";
    spinner.setAttribute("aria-hidden", "true");
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    link.appendChild(spinner);
    function say(text, bad) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("text-danger", !!bad);
    }
    function done() {
      link.removeAttribute("aria-busy");
      link.classList.remove("disabled");
      spinner.remove();
    }
    say(link.getAttribute("data-download") || "");
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (body) {
          var page = new DOMParser().parseFromString(body, "text/html");
          var reason = page.querySelector("[data-testid=refusal], .invalid-feedback, .alert-danger, h1");
          throw new Error((reason && reason.textContent.trim()) || response.status + " " + response.statusText);
        });
      }
      var header = response.headers.get("Content-Disposition") || "";
      var found = /filename\*=UTF-8''([^;]+)/i.exec(header) || /filename="?([^";]+)"?/i.exec(header);
      var name = found ? decodeURIComponent(found[1]) : "export.xlsx";
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var save = document.createElement("a");
        save.href = url;
        save.download = name;
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        say("");
      });
    }).catch(function (error) { say(error.message, true); }).then(done);
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
