// One photo control: a large "take or choose photos" button over the file input, which
// takes several at once from the camera or the gallery and shows them before they are sent.
// Each control ([data-photo-control], drawn by includes/photo_input.html) works on its own, so a
// page may hold several (one per item of an inspection round). Without this script the input is
// a plain file input and the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-photo-control]").forEach(function (control) {
    var input = control.querySelector("input[type=file][data-photo-input]");
    var pick = control.querySelector(".photo-pick");
    var preview = control.querySelector(".photo-preview");
    if (!input || !pick) { return; }
    pick.classList.remove("d-none");
    input.classList.add("visually-hidden");
    input.addEventListener("change", function () {
      preview.replaceChildren();
      var files = Array.prototype.slice.call(input.files || []);
      files.forEach(function (file) {
        if (!file.type || file.type.indexOf("image/") !== 0) { return; }
        var img = document.createElement("img");
        img.className = "border rounded photo-thumb";
        img.alt = file.name;
        img.src = URL.createObjectURL(file);
        img.onload = function () { URL.revokeObjectURL(img.src); };
        preview.appendChild(img);
      });
      if (!files.length) { return; }
      var count = document.createElement("span");
      count.className = "small text-muted align-self-center";
      count.dataset.testid = "photo-count";
      count.textContent = (control.dataset.countText || "{n}").replace("{n}", files.length);
      preview.appendChild(count);
    });
  });
})();
