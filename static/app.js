// Progressive enhancement only: the form works without this file.
// 1. A signature pad (mouse, touch, pen) that fills the hidden signature field, on the
//    step "Signature and sending" (shown for a picture only) and, where none was kept,
//    on the result page.
// 2. A live hint: the holiday state guessed from the provider's postal code.
// 3. Reading a notice on the start page: a file over the limit is refused before it is
//    sent, and while the notice is sent and read the page says so (it takes seconds).
(function () {
  "use strict";

  function signaturePad() {
    var section = document.querySelector("[data-signature]");
    var pad = section && section.querySelector("[data-sigpad]");
    var hidden = section && section.querySelector("input[name='signature-image']");
    if (!pad || !hidden) return;
    // On the step "Signature and sending" the picture is asked only for that choice.
    var radios = document.querySelectorAll("input[name='signature-mode']");
    function follow() {
      var chosen = document.querySelector("input[name='signature-mode']:checked");
      section.hidden = !!chosen && chosen.value !== "image";
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", follow);
    });
    if (radios.length) follow();
    var canvas = pad.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var drawing = false, last = null, drawn = false;
    pad.hidden = false;

    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#0a1a5c";
    if (hidden.value.indexOf("data:image/png;base64,") === 0) {
      var img = new Image();
      img.onload = function () { ctx.drawImage(img, 0, 0, canvas.width, canvas.height); };
      img.src = hidden.value;
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: (event.clientX - rect.left) * canvas.width / rect.width,
               y: (event.clientY - rect.top) * canvas.height / rect.height };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      last = point(event);
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      drawn = true;
      event.preventDefault();
    });
    function finish() {
      if (!drawing) return;
      drawing = false;
      if (drawn) hidden.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    pad.querySelector("[data-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      hidden.value = "";
      drawn = false;
    });
  }

  function stateHint() {
    var data = document.getElementById("regions");
    var names = document.getElementById("state-names");
    var postal = document.getElementById("provider-postal_code");
    var country = document.getElementById("provider-country");
    var hint = document.getElementById("state-guess");
    if (!data || !names || !postal || !hint) return;
    var regions = JSON.parse(data.textContent);
    var name = JSON.parse(names.textContent);
    function update() {
      var code = postal.value.trim();
      var abroad = country && country.value.trim().toUpperCase() !== "DE" && country.value.trim() !== "";
      var states = (!abroad && /^\d{5}$/.test(code)) ? regions[code.slice(0, 2)] : null;
      if (!states) { hint.textContent = ""; return; }
      states = states.map(function (s) { return name[s] || s; });
      hint.textContent = states.length === 1
        ? hint.dataset.one.replace("{state}", states[0])
        : hint.dataset.many.replace("{states}", states.join(", "));
    }
    postal.addEventListener("input", update);
    if (country) country.addEventListener("input", update);
    update();
  }

  function readNotice() {
    var form = document.querySelector("form[data-read-form]");
    if (!form) return;
    var file = form.querySelector("input[type='file'][data-max-bytes]");
    var button = form.querySelector("button[data-busy]");
    var status = document.getElementById("read-status");
    var progress = form.querySelector(".read-progress");
    var seconds = form.querySelector("[data-seconds]");
    var field = file.closest(".field");
    var describedBy = file.getAttribute("aria-describedby") || "";
    var invalid = file.getAttribute("aria-invalid");
    var label = button.textContent;
    var busy = false, timer = null;

    function tooLarge() {
      var chosen = file.files && file.files[0];
      return !!chosen && chosen.size > Number(file.dataset.maxBytes);
    }
    // The refusal sits at the field like the server's errors (aria-describedby,
    // aria-invalid), and is announced as it appears.
    function showSize(show) {
      var error = document.getElementById("notice_file-size");
      if (show && !error) {
        error = document.createElement("p");
        error.id = "notice_file-size";
        error.className = "error";
        error.setAttribute("role", "alert");
        error.textContent = file.dataset.tooLarge;
        file.parentNode.insertBefore(error, file);
        file.setAttribute("aria-describedby", describedBy + " notice_file-size");
        file.setAttribute("aria-invalid", "true");
        field.classList.add("has-error");
      } else if (!show && error) {
        error.parentNode.removeChild(error);
        file.setAttribute("aria-describedby", describedBy);
        if (invalid) file.setAttribute("aria-invalid", invalid);
        else file.removeAttribute("aria-invalid");
        if (!invalid) field.classList.remove("has-error");
      }
    }
    function reset() {
      busy = false;
      clearInterval(timer);
      button.disabled = false;
      button.textContent = label;
      status.textContent = "";
      seconds.textContent = "0 s";
      progress.hidden = true;
    }
    file.addEventListener("change", function () { showSize(tooLarge()); });
    form.addEventListener("submit", function (event) {
      if (busy) { event.preventDefault(); return; }      // sent already: once is enough
      if (tooLarge()) {
        event.preventDefault();
        showSize(true);
        file.focus();
        return;
      }
      busy = true;
      var started = Date.now();
      button.disabled = true;
      button.textContent = button.dataset.busy;
      status.textContent = status.dataset.text;
      progress.hidden = false;
      timer = setInterval(function () {
        seconds.textContent = Math.floor((Date.now() - started) / 1000) + " s";
      }, 1000);
    });
    // Back to this page from the next one (the back-forward cache keeps it as it was
    // left): ready to read again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) reset();
    });
  }

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  signaturePad();
  stateHint();
  readNotice();
  focusErrors();
})();
