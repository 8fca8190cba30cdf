// Queues that refresh themselves (UX 11). A region marked data-live (the queue of an inbox, the
// home page's panels, the bell) asks its own address again every data-live-interval seconds
// with the stamp it was drawn from; the server answers 204 when nothing changed, else the
// region alone, which replaces it. Polls pause while the tab is hidden, while the user types
// in a field of the region or has changed one (a ticked box), and never touch what lies
// outside the region (the filter form, the scroll position). A new urgent item of a refreshed
// region is highlighted for a while and, when the user switched announcements on (the
// loudspeaker in the top bar, remembered in this browser), announced by a desktop
// notification and a short tone.
(function () {
  "use strict";
  if (!window.htmx) { return; }
  var STORE = "infocenter.liveAlerts";
  var HIGHLIGHT_MS = 60000;
  var timers = {};   // region id → interval timer
  var seen = {};     // region id → the urgent addresses it showed last
  var audio = null;

  function alertsOn() {
    try { return window.localStorage.getItem(STORE) === "on"; } catch (e) { return false; }
  }

  function typingIn(region) {
    var active = document.activeElement;
    if (active && region.contains(active) && active.matches("input, textarea, select, [contenteditable]")) {
      return true;
    }
    return Array.prototype.some.call(region.querySelectorAll("input, textarea, select"), function (f) {
      if (f.type === "checkbox" || f.type === "radio") { return f.checked !== f.defaultChecked; }
      if (f.tagName === "SELECT") {
        return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      if (f.type === "hidden") { return false; }
      return f.value !== f.defaultValue;
    });
  }

  function poll(id, force) {
    var region = document.getElementById(id);
    if (!region || !region.hasAttribute("data-live")) { stop(id); return; }
    if (region.classList.contains("htmx-request")) { return; }
    if (!force && document.visibilityState !== "visible") { return; }
    if (typingIn(region)) { return; }
    window.htmx.trigger(region, "live-poll");
  }

  function stop(id) {
    if (timers[id]) { window.clearInterval(timers[id]); delete timers[id]; }
  }

  function urgentOf(region) {
    return (region.getAttribute("data-live-urgent") || "").split(" ").filter(Boolean);
  }

  function watch(region) {
    var id = region.id;
    if (!id) { return; }
    seen[id] = urgentOf(region);
    if (!timers[id]) {
      var seconds = parseFloat(region.getAttribute("data-live-interval")) || 20;
      timers[id] = window.setInterval(function () { poll(id, false); }, seconds * 1000);
    }
  }

  function rowOf(region, url) {
    var link = null;
    region.querySelectorAll("a[href]").forEach(function (a) {
      // The record's address, with or without the queue it was opened from (?queue=…).
      if (!link && a.getAttribute("href").split("?")[0] === url) { link = a; }
    });
    if (!link) { return null; }
    return link.closest("[data-live-row], tr, li, .list-group-item") || link;
  }

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") { audio.resume(); }
      [0, 0.22].forEach(function (offset) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        var start = audio.currentTime + offset;
        osc.type = "sine";
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
        osc.connect(gain).connect(audio.destination);
        osc.start(start);
        osc.stop(start + 0.2);
      });
    } catch (e) { /* no sound: the highlight remains */ }
  }

  function notify(title, body, url) {
    if (!("Notification" in window) || window.Notification.permission !== "granted") { return; }
    try {
      var n = new window.Notification(title, { body: body, tag: url });
      n.onclick = function () { window.focus(); window.location.href = url; };
    } catch (e) { /* notifications refused by the browser */ }
  }

  // Highlights the rows of new urgent items and, when switched on, announces them.
  function announce(region, urls) {
    var toggle = document.getElementById("live-alerts");
    var title = (toggle && toggle.getAttribute("data-announce-title")) || "!";
    urls.forEach(function (url) {
      var row = rowOf(region, url);
      if (row) {
        row.classList.add("live-new-urgent");
        window.setTimeout(function () { row.classList.remove("live-new-urgent"); }, HIGHLIGHT_MS);
      }
      if (alertsOn()) {
        notify(title, row ? row.textContent.replace(/\s+/g, " ").trim().slice(0, 120) : "", url);
      }
    });
    if (urls.length && alertsOn()) { beep(); }
    document.dispatchEvent(new CustomEvent("infocenter:urgent", { detail: { region: region.id, urls: urls } }));
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-live")) {
      event.detail.headers["X-Live"] = "1";
      event.detail.headers["X-Live-Stamp"] = elt.getAttribute("data-live-stamp") || "";
    }
  });

  // Only a region's own answer replaces it (not a log-in page after the session ended).
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-live") &&
        !event.detail.xhr.getResponseHeader("X-Live-Stamp")) {
      event.detail.shouldSwap = false;
      if (event.detail.xhr.status !== 204) { stop(elt.id); }
    }
  });

  window.htmx.onLoad(function (elt) {
    if (!elt.hasAttribute) { return; }
    if (!elt.hasAttribute("data-live")) {  // a page part swapped in: its regions start afresh
      elt.querySelectorAll("[data-live]").forEach(watch);
      return;
    }
    var before = seen[elt.id];
    var now = urgentOf(elt);
    watch(elt);
    if (before === undefined) { return; }
    var fresh = now.filter(function (u) { return before.indexOf(u) < 0; });
    if (fresh.length) { announce(elt, fresh); }
    if (elt.id !== "bell") { poll("bell", true); }  // a changed queue: the count may have too
  });

  document.querySelectorAll("[data-live]").forEach(watch);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      Object.keys(timers).forEach(function (id) { poll(id, false); });
    }
  });

  // The loudspeaker of the top bar: announcements on or off, remembered in this browser.
  function showToggle(button) {
    var on = alertsOn();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var label = button.getAttribute(on ? "data-on-label" : "data-off-label") || "";
    button.setAttribute("title", label);
    button.setAttribute("aria-label", label);
    var icon = button.querySelector("i");
    if (icon) { icon.className = on ? "bi bi-volume-up" : "bi bi-volume-mute"; }
  }
  var toggle = document.getElementById("live-alerts");
  if (toggle) {
    showToggle(toggle);
    toggle.addEventListener("click", function () {
      var on = !alertsOn();
      try { window.localStorage.setItem(STORE, on ? "on" : "off"); } catch (e) { /* private mode */ }
      if (on) {
        if ("Notification" in window && window.Notification.permission === "default") {
          window.Notification.requestPermission();
        }
        beep();  // a gesture opens the audio and lets the user hear what comes
      }
      showToggle(toggle);
    });
  }

  window.infocenterLive = { poll: poll, announce: announce, alertsOn: alertsOn };
})();
