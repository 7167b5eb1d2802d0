// Participant pages: send each answer as JSON and say plainly whether it was saved.
(function () {
  "use strict";
  var xsrf = document.querySelector("meta[name=xsrf]").content;

  function collect(form) {
    var kind = form.dataset.kind, out = {};
    var fields = form.querySelectorAll("input, select, textarea");
    if (kind === "checklist") {
      return Array.prototype.filter.call(fields, function (el) { return el.checked; })
        .map(function (el) { return el.name; });
    }
    Array.prototype.forEach.call(fields, function (el) {
      if (!el.name) { return; }
      if (el.type === "radio") {
        if (el.checked) { out[el.name] = el.value; } else if (!(el.name in out)) { out[el.name] = null; }
      } else {
        out[el.name] = el.value;
      }
    });
    if (kind === "choice") { return out.choice; }
    if (kind === "nps") { return out.score; }
    if (kind === "ideas") { return out.ideas; }
    return out;
  }

  function show(form, text, kind) {
    var status = form.querySelector(".status");
    status.textContent = text;
    status.className = "status " + (kind || "");
  }

  document.querySelectorAll("form.q").forEach(function (form) {
    form.addEventListener("input", function (event) {
      var el = event.target;
      if (el.type === "range") { el.nextElementSibling.textContent = Math.round(el.value * 100) + " %"; }
      if (form.classList.contains("saved")) { show(form, "Changed: save again", "pending"); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(form, "Saving…", "pending");
      fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-XSRFToken": xsrf},
        body: JSON.stringify(collect(form))
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (data.ok) {
          form.classList.add("saved");
          show(form, "Saved ✓", "ok");
        } else {
          show(form, data.error, "error");
        }
      }).catch(function () {
        show(form, "Not saved: the connection dropped. Check the Wi-Fi and press Save again.", "error");
      });
    });
  });
}());
