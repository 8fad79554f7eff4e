// Progressive enhancement only: the form works without this file.
// 1. A signature pad (mouse, touch, pen) that fills the hidden signature field, on the
//    step "Signature and sending" (shown for a picture only) and, where none was kept,
//    on the result page.
// 2. A live hint: the holiday state guessed from the provider's postal code.
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

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  signaturePad();
  stateHint();
  focusErrors();
})();
