/* City Pages: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // The visitor's source code (?source=abc or ?utm_source=abc) travels with the form.
  function fillSource() {
    var params = new URLSearchParams(window.location.search);
    var source = params.get("source") || params.get("utm_source") || "";
    document.querySelectorAll("input[data-source]").forEach(function (input) {
      input.value = source.slice(0, 100);
    });
  }

  function showFieldError(input, show) {
    var message = document.getElementById(input.id + "-error");
    input.setAttribute("aria-invalid", show ? "true" : "false");
    if (message) {
      message.textContent = show ? input.dataset.error || input.validationMessage : "";
      message.hidden = !show;
    }
  }

  // Checks fields with the browser's own rules, shows our messages, focuses the first error.
  function validate(form) {
    var first = null;
    form.querySelectorAll("input[aria-describedby]").forEach(function (input) {
      var bad = !input.checkValidity();
      showFieldError(input, bad);
      if (bad && !first) first = input;
    });
    var summary = form.querySelector(".form-summary");
    if (summary) {
      summary.textContent = first ? form.dataset.fix : "";
      summary.hidden = !first;
    }
    if (first) first.focus();
    return !first;
  }

  function setStatus(form, text, kind) {
    var status = form.querySelector(".form-status");
    status.textContent = text;
    status.className = "form-status" + (kind ? " is-" + kind : "");
  }

  function enhanceForm(form) {
    var button = form.querySelector("button[type=submit]");
    var sending = false;
    form.noValidate = true; // our messages replace the browser's bubbles, which screen readers miss
    form.addEventListener("submit", function (event) {
      if (sending) { event.preventDefault(); return; }
      if (!validate(form)) { event.preventDefault(); return; }
      sending = true;
      button.disabled = true;
      setStatus(form, form.dataset.sending, "");
      if (form.dataset.json !== "true" || !window.fetch) return; // plain post: the provider redirects
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "omit",
        referrerPolicy: "strict-origin-when-cross-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        setStatus(form, form.dataset.thanks, "ok");
        window.location.assign(form.dataset.thanksUrl);
      }).catch(function () {
        sending = false;
        button.disabled = false;
        setStatus(form, form.dataset.error, "error");
      });
    });
    form.querySelectorAll("input[aria-describedby]").forEach(function (input) {
      input.addEventListener("blur", function () {
        if (input.getAttribute("aria-invalid") === "true") showFieldError(input, !input.checkValidity());
      });
    });
  }

  // Index page: filter the list of cities as the visitor types.
  function enhanceSearch(box) {
    var input = box.querySelector("input");
    var none = box.querySelector(".search-none");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      var shown = 0;
      list.querySelectorAll("section").forEach(function (section) {
        var any = false;
        section.querySelectorAll("li").forEach(function (li) {
          var hit = !q || fold(li.textContent).indexOf(q) !== -1 || fold(section.querySelector("h2").textContent).indexOf(q) !== -1;
          li.hidden = !hit;
          if (hit) { any = true; shown++; }
        });
        section.hidden = !any;
      });
      none.textContent = shown ? "" : none.dataset.none;
    });
  }

  // Thank-you page: copy the page link, with a fallback where the Clipboard API is missing.
  function enhanceCopy(button) {
    var status = document.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.dataset.url;
      var done = function () { status.textContent = button.dataset.copied; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { fallbackCopy(url, done); });
      } else {
        fallbackCopy(url, done);
      }
    });
  }

  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "hp";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) done(); } catch (e) { /* the link stays visible in the share links */ }
    document.body.removeChild(area);
  }

  fillSource();
  document.querySelectorAll("form.petition").forEach(enhanceForm);
  document.querySelectorAll(".search").forEach(enhanceSearch);
  document.querySelectorAll(".copy-link").forEach(enhanceCopy);
})();
