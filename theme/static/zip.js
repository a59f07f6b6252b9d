/* City Pages: find your city by ZIP code. The lookup files come from this site (zip/021.json);
   nothing is sent anywhere else. Without this file the index's list of cities is the way in. */
(function () {
  "use strict";

  function enhance(form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".zip-status");
    var results = form.querySelector(".zip-results");
    var data = form.dataset;
    var lang = document.documentElement.lang || "en";
    var shards = {};

    // The city's link and name as this page lists them (so the name is in this page's language).
    function city(slug) {
      var href = data.cities + slug + "/";
      var link = document.querySelector('#city-list a[href="' + href + '"]');
      if (!link) return null;
      var section = link.closest("section");
      var state = section ? section.querySelector("h2").textContent : "";
      return { href: href, name: link.textContent + (state ? ", " + state : "") };
    }

    function say(text) { status.textContent = text; }

    function load(prefix) {
      if (!shards[prefix]) {
        shards[prefix] = fetch(data.shards + prefix + ".json", { credentials: "same-origin" }).then(function (r) {
          if (r.status === 404) return {};
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        });
        shards[prefix].catch(function () { delete shards[prefix]; });
      }
      return shards[prefix];
    }

    function show(zip, nearest) {
      var found = nearest.map(function (pair) {
        var c = city(pair[0]);
        return c && { href: c.href, name: c.name, miles: pair[1] };
      }).filter(Boolean);
      results.textContent = "";
      if (!found.length) { say(data.unknown.replace("{zip}", zip)); return; }
      if (found[0].miles <= Number(data.near)) {
        say(data.going.replace("{city}", found[0].name));
        window.location.assign(found[0].href);
        return;
      }
      say(data.found.replace("{zip}", zip));
      found.forEach(function (c) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = c.href;
        a.textContent = c.name;
        li.appendChild(a);
        var miles = Math.round(c.miles).toLocaleString(lang);
        li.appendChild(document.createTextNode(" (" + data.miles.replace("{miles}", miles) + ")"));
        results.appendChild(li);
      });
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var zip = input.value.trim();
      results.textContent = "";
      if (!/^[0-9]{5}$/.test(zip)) {
        input.setAttribute("aria-invalid", "true");
        say(data.invalid);
        input.focus();
        return;
      }
      input.removeAttribute("aria-invalid");
      // zip/022.json holds the ZIPs starting 022; one too large says {"split": 1} and zip/0220.json goes on.
      var lookup = function (digits) {
        return load(zip.slice(0, digits)).then(function (shard) {
          return shard.split && digits < 5 ? lookup(digits + 1) : shard;
        });
      };
      lookup(3).then(function (shard) {
        if (!Object.prototype.hasOwnProperty.call(shard, zip)) { say(data.unknown.replace("{zip}", zip)); return; }
        show(zip, shard[zip]);
      }, function () { say(data.failed); });
    });
  }

  document.querySelectorAll("form.zip-lookup").forEach(enhance);
})();
