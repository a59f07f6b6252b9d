/* City Pages petition form: validation messages, sending without leaving the page, source code.
   The form works without this file: it then posts normally and the provider shows the next page. */
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

  // Email link: #name=&email=&zip=
  function fillFromLink() {
    var h = location.hash, p = new URLSearchParams(h.slice(1, 2e4));
    if (h.indexOf("=") < 0) return;
    history.replaceState(null, "", location.pathname + location.search);
    ["name", "first_name", "last_name", "email", "zip"].forEach(function (k) {
      var i = document.getElementById("f-" + k.replace("_", "-")), v = p.get(k);
      if (i && v) i.value = v.slice(0, i.maxLength);
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

  function showSummary(form, text) {
    var summary = form.querySelector(".form-summary");
    summary.textContent = text;
    summary.hidden = !text;
    return summary;
  }

  // Checks fields with the browser's own rules, shows our messages, focuses the first error.
  function validate(form) {
    var first = null;
    form.querySelectorAll("input[aria-describedby]").forEach(function (input) {
      var bad = !input.checkValidity();
      showFieldError(input, bad);
      if (bad && !first) first = input;
    });
    showSummary(form, first ? form.dataset.fix : "");
    if (first) first.focus();
    return !first;
  }

  function setStatus(form, text, kind) {
    var status = form.querySelector(".form-status");
    status.textContent = text;
    status.className = "form-status" + (kind ? " is-" + kind : "");
  }

  // A provider that answers JSON may still say no in the body ({"success": false}).
  function checkAnswer(response) {
    if (response.type === "opaque") return null; // no-cors (Google Forms): the answer cannot be read
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json().then(function (data) {
      if (data && (data.success === false || data.success === "false" || data.ok === false)) {
        throw new Error("refused");
      }
    }, function () { return null; });
  }

  function showThanks(form) {
    form.querySelector(".form-fields").hidden = true;
    setStatus(form, form.dataset.thanks, "ok");
    var status = form.querySelector(".form-status");
    status.tabIndex = -1;
    status.focus();
  }

  function send(form) {
    var noCors = form.dataset.mode === "no-cors";
    var options = {
      method: "POST",
      body: new URLSearchParams(new FormData(form)), // urlencoded, like a plain post: no CORS preflight
      credentials: "omit",
      referrerPolicy: "strict-origin-when-cross-origin"
    };
    if (noCors) options.mode = "no-cors";
    else options.headers = { Accept: "application/json" };
    return fetch(form.dataset.fetchAction || form.action, options).then(checkAnswer);
  }

  function enhanceForm(form) {
    var button = form.querySelector("button[type=submit]");
    var sending = false;
    var mode = form.dataset.mode;
    form.noValidate = true; // our messages replace the browser's bubbles, which screen readers miss
    form.addEventListener("submit", function (event) {
      if (sending) { event.preventDefault(); return; }
      if (!validate(form)) { event.preventDefault(); return; }
      sending = true;
      button.disabled = true;
      setStatus(form, form.dataset.sending, "");
      if (mode === "plain" || !window.fetch) return; // a normal post: the provider shows the next page
      event.preventDefault();
      send(form).then(function () {
        if (form.dataset.after === "inline") showThanks(form);
        else window.location.assign(form.dataset.thanksUrl);
      }).catch(function () {
        sending = false;
        button.disabled = false;
        setStatus(form, "", "");
        showSummary(form, form.dataset.error).focus();
      });
    });
    // Back from the provider's page: the browser may restore this page as it was left.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      sending = false;
      button.disabled = false;
      setStatus(form, "", "");
    });
    form.querySelectorAll("input[aria-describedby]").forEach(function (input) {
      input.addEventListener("blur", function () {
        if (input.getAttribute("aria-invalid") === "true") showFieldError(input, !input.checkValidity());
      });
    });
  }

  fillSource();
  fillFromLink();
  document.querySelectorAll("form.petition").forEach(enhanceForm);
})();
