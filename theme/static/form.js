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

  // A link from an email (page/#name=Ana%20Ruiz&email=ana%40example.org&zip=02201) fills the form.
  // The fragment never reaches a server; it leaves the address bar at once, so it is neither shared
  // nor bookmarked, and nothing is sent until the visitor presses the button. Only the fields named
  // here are filled, as text, and never beyond the field's own length limit.
  var FROM_LINK = { name: "f-name", first_name: "f-first-name", last_name: "f-last-name", email: "f-email",
                    zip: "f-zip" };

  function fillFromLink() {
    var hash = window.location.hash;
    if (hash.indexOf("=") < 0) return; // #main or #fn-1: an anchor, not a link from an email
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
    var params = new URLSearchParams(hash.slice(1, 20000));
    Object.keys(FROM_LINK).forEach(function (key) {
      var input = document.getElementById(FROM_LINK[key]);
      var value = params.get(key);
      if (!input || value === null) return;
      input.value = value.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, input.maxLength > 0 ? input.maxLength : 200);
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
