// Customer signature drawn on screen (SD-8): the pad writes a PNG data URL into the form's
// hidden field when the form is submitted.
(function () {
  "use strict";
  document.querySelectorAll("canvas.signature-pad").forEach(function (canvas) {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    var pad = new SignaturePad(canvas, { backgroundColor: "rgb(255,255,255)" });
    var form = canvas.closest("form");
    var target = form.querySelector("#" + canvas.dataset.target);
    form.addEventListener("submit", function () { target.value = pad.isEmpty() ? "" : pad.toDataURL("image/png"); });
    var clear = form.querySelector("[data-clear-signature]");
    if (clear) clear.addEventListener("click", function () { pad.clear(); });
  });
})();
