/* City Pages: index search and copy-link. Every page works without this file. */
(function () {
  "use strict";

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
          var hit = !q || fold(li.textContent).indexOf(q) !== -1 || fold(section.dataset.search || section.querySelector("h2").textContent).indexOf(q) !== -1;
          li.hidden = !hit;
          if (hit) { any = true; shown++; }
        });
        section.hidden = !any;
      });
      none.textContent = shown ? "" : none.dataset.none;
      document.querySelectorAll(".map a[aria-label]").forEach(function (dot) {
        dot.classList.toggle("is-filtered", !!q && fold(dot.getAttribute("aria-label")).indexOf(q) === -1);
      });
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

  document.querySelectorAll(".search").forEach(enhanceSearch);
  document.querySelectorAll(".copy-link").forEach(enhanceCopy);
})();
