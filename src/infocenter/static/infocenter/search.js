// The top bar's search box: suggestions arrive by htmx as the person types; arrow keys move
// through them, Enter opens the one chosen (or, with none chosen, the full results page, which
// opens an exact serial directly), Escape closes them, "/" anywhere puts the cursor in the box.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) { return; }
  var input = box.querySelector("input[name=q]");
  var list = box.querySelector("#search-suggest");

  function options() { return Array.prototype.slice.call(list.querySelectorAll("a.dropdown-item")); }
  function show(open) {
    list.classList.toggle("show", open);
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { input.removeAttribute("aria-activedescendant"); }
  }
  function move(step) {
    var items = options();
    if (!items.length) { return; }
    var at = items.findIndex(function (a) { return a.classList.contains("active"); });
    if (at >= 0) { items[at].classList.remove("active"); }
    at = at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length;
    items[at].classList.add("active");
    items[at].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", items[at].id);
    show(true);
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === list) { show(input.value.trim() !== "" && list.children.length > 0); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { show(false); }
    else if (event.key === "Enter") {
      var chosen = list.classList.contains("show") && list.querySelector("a.dropdown-item.active");
      if (chosen) { event.preventDefault(); window.location.assign(chosen.href); }
    }
  });
  input.addEventListener("input", function () { if (!input.value.trim()) { show(false); } });
  document.addEventListener("click", function (event) { if (!box.contains(event.target)) { show(false); } });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
})();
