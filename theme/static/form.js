/* City Pages petition form: validation messages, JSON submit, source code. The form works without this file. */
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

  fillSource();
  document.querySelectorAll("form.petition").forEach(enhanceForm);
})();
