// Progressive enhancement only: the form works without this file.
// 1. A signature pad (mouse, touch, pen) that fills the hidden signature field, on the
//    step "Signature and sending" (shown for a picture only) and, where none was kept,
//    on the result page.
// 2. A live hint: the holiday state guessed from the provider's postal code.
// 3. Reading a notice on the start page: a file over the limit is refused before it is
//    sent, and while the notice is sent and read the page says so (it takes seconds).
// 4. The provider directory on the company name: a combobox (WAI-ARIA 1.2, a list
//    popup: https://www.w3.org/TR/wai-aria-1.2/#combobox) of the entries that fit
//    what is typed (GET /providers); choosing one fills an empty address, and where an
//    address is given already shows both side by side: the notice's address wins.
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

  function providerDirectory() {
    var input = document.querySelector("input[data-directory]");
    var status = document.getElementById("directory-status");
    var note = document.getElementById("directory-note");
    if (!input || !status || !note || !window.fetch) return;
    var field = input.closest(".field");
    var address = {};
    ["street", "postal_code", "city", "country"].forEach(function (part) {
      address[part] = document.getElementById("provider-" + part);
    });
    var list = document.createElement("ul");
    var entries = [], active = -1, asked = 0, timer = null;

    list.id = input.id + "-listbox";
    list.className = "listbox";
    list.setAttribute("role", "listbox");
    // Named apart from the field, so that the field alone answers to its label.
    list.setAttribute("aria-label", status.dataset.list);
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    field.classList.add("combobox");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    function activate(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      }
    }
    function expand(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) activate(-1);
    }
    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }
    function show(found) {
      entries = found;
      list.textContent = "";
      found.forEach(function (entry, i) {
        var option = element("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(element("span", "option-name", entry.name));
        option.appendChild(element("span", "option-address",
          entry.street + ", " + entry.town_line));
        // The focus stays in the field while an option is clicked or tapped.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      expand(found.length > 0);
      status.textContent = found.length === 0 ? status.dataset.none
        : found.length === 1 ? status.dataset.one
        : status.dataset.many.replace("{n}", found.length);
    }
    function search() {
      var text = input.value.trim();
      var mine = ++asked;
      if (text.length < 2) {
        entries = [];
        list.textContent = "";
        expand(false);
        status.textContent = "";
        return;
      }
      var url = input.dataset.directory + "?q=" + encodeURIComponent(text) +
        (input.dataset.sector ? "&sector=" + encodeURIComponent(input.dataset.sector) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          // Only the answer to the latest text, and only while the user is still here.
          if (mine === asked && document.activeElement === input) show(data.providers);
        })
        .catch(function () { /* the plain field still works */ });
    }
    // Street and postal code compared as providers.py does (_fold, _street): case,
    // accents and umlaut spellings aside, "Straße" is "Str.", spaces do not count.
    function same(a, b) {
      function plain(text) {
        return text.toLowerCase().replace(/ß/g, "ss").normalize("NFKD")
          .replace(/[\u0300-\u036f]/g, "").replace(/([aou])e/g, "$1")
          .replace(/[^a-z0-9]+/g, "").replace(/strasse/g, "str");
      }
      return plain(a) === plain(b);
    }
    function given() {
      return ["street", "postal_code", "city"].some(function (part) {
        return address[part] && address[part].value.trim() !== "";
      });
    }
    function agrees(entry) {
      return same(address.street.value, entry.street) &&
        same(address.postal_code.value, entry.postal_code);
    }
    function lines(node, texts) {
      texts.forEach(function (text, i) {
        if (i) node.appendChild(document.createElement("br"));
        node.appendChild(document.createTextNode(text));
      });
      return node;
    }
    function source(entry) {
      var link = element("a", "", entry.source_host);
      link.href = entry.source;
      link.rel = "noopener noreferrer";
      return link;
    }
    // An address field still as the notice reader filled it points at its mark.
    function read() {
      return ["street", "postal_code", "city"].some(function (part) {
        return (address[part].getAttribute("aria-describedby") || "").indexOf("-read") >= 0;
      });
    }
    function say(text, entry) {
      var said = element("p", "directory-source", text.replace("{date}", entry.checked_on) + " ");
      said.appendChild(source(entry));
      note.textContent = "";
      note.appendChild(said);
    }
    function fill(entry) {
      ["street", "postal_code", "city", "country"].forEach(function (part) {
        if (!address[part]) return;
        address[part].value = entry[part];
        // Whatever listens to the field (the holiday state's hint) hears of it.
        address[part].dispatchEvent(new Event("input", { bubbles: true }));
      });
      say(note.dataset.from, entry);
      status.textContent = status.dataset.filled;
    }
    // Both addresses side by side; the button posts the step as the page's own does
    // (pages.step_submit), so the directory's address comes in only by the user's click.
    function compare(entry) {
      var offer = element("div", "directory-offer");
      var columns = element("div", "compare");
      var yours = element("div"), theirs = element("div");
      var button = element("button", "secondary", note.dataset.use);
      var checked = element("p", "hint", note.dataset.checked.replace("{date}", entry.checked_on) + " ");
      offer.appendChild(element("p", "", note.dataset.differs.replace("{name}", entry.name)));
      yours.appendChild(element("p", "compare-title",
        read() ? note.dataset.yoursRead : note.dataset.yours));
      yours.appendChild(lines(element("p", "directory-address"), [address.street.value.trim(),
        (address.postal_code.value.trim() + " " + address.city.value.trim()).trim()]
        .filter(Boolean)));
      theirs.appendChild(element("p", "compare-title", note.dataset.theirs));
      theirs.appendChild(lines(element("p", "directory-address"),
        [entry.street, entry.town_line]
        .concat(entry.country === "DE" ? [] : [entry.country])));
      checked.appendChild(source(entry));
      theirs.appendChild(checked);
      columns.appendChild(yours);
      columns.appendChild(theirs);
      offer.appendChild(columns);
      button.type = "submit";
      button.name = "action";
      button.value = "directory:" + entry.key;
      button.formNoValidate = true;
      offer.appendChild(button);
      note.textContent = "";
      note.appendChild(offer);
    }
    function choose(index) {
      var entry = entries[index];
      expand(false);
      input.value = entry.name;
      // An address given is never changed here, not even to the directory's spelling.
      if (!given()) fill(entry);
      else if (agrees(entry)) say(read() ? note.dataset.agrees : note.dataset.same, entry);
      else compare(entry);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var count = list.children.length;
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && count) {
        event.preventDefault();
        if (list.hidden) expand(true);
        activate(event.key === "ArrowDown" ? (active + 1) % count
                                           : (active <= 0 ? count : active) - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();        // takes the entry; the step is not sent
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        expand(false);
      }
    });
    input.addEventListener("blur", function () { expand(false); });
  }

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  signaturePad();
  stateHint();
  readNotice();
  providerDirectory();
  focusErrors();
})();
