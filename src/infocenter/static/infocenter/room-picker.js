// Room picker (业户名册, intake): type an address such as "3-1-1201", "3栋1201" or
// "3栋1单元1201" and choose the flat, or one of its current residents, from the list.
// Keyboard: ↓/↑ move, Enter picks, Esc closes. A pick fills the hidden room field and tells the
// page: document.body receives a "caller-chosen" event with {building, room, resident}.
(function () {
  "use strict";

  function announce(building, room, resident) {
    document.body.dispatchEvent(new CustomEvent("caller-chosen", {
      detail: { building: building, room: room, resident: resident },
    }));
  }
  window.infocenterCallerChosen = announce;

  function setup(input) {
    var hidden = document.getElementById(input.dataset.target);
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var options = [], active = -1, timer = null, asked = "";

    function close() {
      list.classList.add("d-none");
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (o, i) {
        o.el.classList.toggle("active", i === index);
        o.el.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].el.id);
        options[index].el.scrollIntoView({ block: "nearest" });
      }
    }

    function option(text, small, pick) {
      var li = document.createElement("li");
      li.className = "list-group-item list-group-item-action py-1";
      li.id = "room-option-" + options.length;
      li.setAttribute("role", "option");
      li.textContent = text;
      if (small) {
        var s = document.createElement("span");
        s.className = "text-muted small ms-2";
        s.textContent = small;
        li.appendChild(s);
      }
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(); });
      options.push({ el: li, pick: pick });
      list.appendChild(li);
    }

    function fillCaller(resident) {
      if (!input.hasAttribute("data-fill-caller") || !resident) return;
      var fields = { id_reporter_name: resident.name, id_reporter_phone: resident.phone, id_reporter_kind: resident.kind };
      Object.keys(fields).forEach(function (id) {
        var el = document.getElementById(id);
        if (el) el.value = fields[id];
      });
    }

    function choose(room, resident) {
      hidden.value = room.id;
      input.value = room.label;
      fillCaller(resident);
      close();
      announce(room.building, room.id, resident ? resident.id : null);
    }

    function show(rooms) {
      list.innerHTML = "";
      options = [];
      rooms.forEach(function (room) {
        option(room.label, room.residents.length ? "" : input.dataset.empty || "", function () { choose(room, null); });
        room.residents.forEach(function (r) {
          option("  " + r.name, r.phone, function () { choose(room, r); });
        });
      });
      if (!options.length) { close(); return; }
      list.classList.remove("d-none");
      input.setAttribute("aria-expanded", "true");
      highlight(0);
    }

    function ask() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) { hidden.value = ""; close(); return; }
      fetch(input.dataset.url + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { rooms: [] }; })
        .then(function (data) { if (input.value.trim() === q) show(data.rooms); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (!options.length) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var step = e.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        e.stopPropagation();
        options[active].pick();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    document.querySelectorAll("input[data-room-picker]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
