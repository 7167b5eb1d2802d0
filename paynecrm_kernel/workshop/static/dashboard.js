// Facilitator's dashboard: polls for news and draws the chosen question's summary (computed by the server).
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("meta").textContent);
  var xsrf = document.querySelector("meta[name=xsrf]").content;
  var current = null, seq = -1, last = null, teams = {};

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function fmt(x, digits) { return x === null || x === undefined ? "–" : Number(x).toFixed(digits); }
  function pct(x) { return fmt(100 * x, 1) + " %"; }
  function interval(s, digits) {
    return s.low === null || s.low === undefined ? "one answer so far"
      : "95 % interval " + fmt(s.low, digits) + "–" + fmt(s.high, digits) + ", spread (sd) " + fmt(s.sd, digits);
  }
  function teamColour(team) {
    if (!team) { return "#4d4d4d"; }
    if (!(team in teams)) { teams[team] = meta.sequence[Object.keys(teams).length % meta.sequence.length]; }
    return teams[team];
  }
  function legend(markers) {
    var names = [];
    markers.forEach(function (m) { if (m.team && names.indexOf(m.team) < 0) { names.push(m.team); } });
    return names.length ? "<p class='legend'>" + names.sort().map(function (t) {
      return "<span><i style='background:" + teamColour(t) + "'></i>" + esc(t) + "</span>";
    }).join("") + "</p>" : "";
  }

  function continuum(s) {
    var w = 900, h = 230, x = function (p) { return 40 + (p - 1) / 2 * (w - 80); };
    var svg = "<svg viewBox='0 0 " + w + " " + h + "' class='chart'>";
    var start = 1;
    meta.bands.forEach(function (band, i) {
      var end = Math.min(band[0], 3);
      svg += "<rect x='" + x(start) + "' y='30' width='" + (x(end) - x(start)) + "' height='140' fill='" +
        ["#eef1f6", "#e3e9f2", "#d6e0ee"][i] + "'/><text x='" + (x(start) + x(end)) / 2 + "' y='20' class='band'>" +
        "Perspective " + (i + 1) + "</text>";
      start = end;
    });
    var stacks = {};
    s.markers.forEach(function (m) {
      var bin = Math.round(m.position * 20), k = stacks[bin] = (stacks[bin] || 0) + 1;
      svg += "<circle class='marker' cx='" + x(m.position) + "' cy='" + (160 - (k - 1) * 13 % 130) +
        "' r='6' fill='" + teamColour(m.team) + "'/>";
    });
    if (s.low !== null) {
      svg += "<rect x='" + x(s.low) + "' y='176' width='" + Math.max(2, x(s.high) - x(s.low)) +
        "' height='8' fill='#1f4e79' opacity='0.35'/>";
    }
    svg += "<line x1='" + x(s.mean) + "' x2='" + x(s.mean) + "' y1='28' y2='188' class='mean'/>";
    [1, 1.5, 2, 2.5, 3].forEach(function (t) {
      svg += "<text x='" + x(t) + "' y='206' class='tick'>" + t.toFixed(1) + "</text>";
    });
    svg += "<text x='40' y='226' class='axis-note'>narrow and tactical</text><text x='" + (w - 40) +
      "' y='226' class='axis-note end'>broad and strategic</text></svg>";
    return "<p class='headline'>Group mean <strong>" + fmt(s.mean, 2) + "</strong> on the 1–3 continuum (" +
      interval(s, 2) + ", n = " + s.n + ")</p>" + svg + legend(s.markers);
  }

  function matrix(s) {
    var size = 460, pad = 50, x = function (v) { return pad + v * size; }, y = function (v) { return pad + (1 - v) * size; };
    var q = meta.quadrants, svg = "<svg viewBox='0 0 " + (size + 2 * pad) + " " + (size + 2 * pad) + "' class='chart matrix'>";
    svg += "<rect x='" + pad + "' y='" + pad + "' width='" + size + "' height='" + size + "' class='frame'/>" +
      "<line x1='" + x(0.5) + "' x2='" + x(0.5) + "' y1='" + y(0) + "' y2='" + y(1) + "' class='cut'/>" +
      "<line x1='" + x(0) + "' x2='" + x(1) + "' y1='" + y(0.5) + "' y2='" + y(0.5) + "' class='cut'/>";
    [[q[0], 0.25, 0.06], [q[1], 0.25, 0.94], [q[2], 0.75, 0.06], [q[3], 0.75, 0.94]].forEach(function (c) {
      svg += "<text x='" + x(c[1]) + "' y='" + y(c[2]) + "' class='quadrant'>" + esc(c[0]) + " (" +
        s.quadrants[c[0]] + ")</text>";
    });
    s.markers.forEach(function (m) {
      svg += "<circle class='marker' cx='" + x(m.x) + "' cy='" + y(m.y) + "' r='7' fill='" + teamColour(m.team) + "'/>";
    });
    svg += "<rect x='" + (x(s.x.mean) - 8) + "' y='" + (y(s.y.mean) - 8) + "' width='16' height='16' class='mean-point' " +
      "transform='rotate(45 " + x(s.x.mean) + " " + y(s.y.mean) + ")'/>";
    svg += "<text x='" + x(0.5) + "' y='" + (size + 2 * pad - 12) + "' class='axis'>Individualisation of the offer and service →</text>" +
      "<text transform='translate(18 " + y(0.5) + ") rotate(-90)' class='axis'>Customer information and its analysis →</text></svg>";
    return "<p class='headline'>Group centre (◆): individualisation <strong>" + fmt(s.x.mean, 2) +
      "</strong>, information <strong>" + fmt(s.y.mean, 2) + "</strong> (n = " + s.n + ")</p>" + svg + legend(s.markers);
  }

  function items(s) {
    var rows = s.items.slice().sort(function (a, b) { return b.mean - a.mean; }).map(function (it) {
      var cells = it.counts.map(function (c, i) {
        var shade = 0.15 + 0.85 * i / Math.max(1, it.counts.length - 1);
        return c ? "<span style='flex:" + c + ";background:rgba(31,78,121," + shade.toFixed(2) + ")' title='" +
          (s.scale[0] + i) + ": " + c + "'>" + c + "</span>" : "";
      }).join("");
      return "<div class='item'><p class='label'>" + esc(it.label.split(": ")[0]) + "</p><div class='stack'>" + cells +
        "</div><p class='stat'>mean <strong>" + fmt(it.mean, 2) + "</strong> · " + interval(it, 2) + "</p></div>";
    }).join("");
    return "<p class='headline'>Ratings from " + s.scale[0] + " (" + esc(s.scale_labels[0]) + ") to " + s.scale[1] +
      " (" + esc(s.scale_labels[1]) + "), strongest first; n = " + s.n + "</p><div class='items'>" + rows + "</div>";
  }

  function bars(rows, max) {
    return "<div class='bars'>" + rows.map(function (r) {
      var whisker = r.low === undefined ? "" : "<i class='whisker' style='left:" + (100 * r.low / max) + "%;width:" +
        (100 * (r.high - r.low) / max) + "%'></i>";
      return "<div class='bar-row'><p class='label'>" + esc(r.label) + "</p><div class='track'><b style='width:" +
        (100 * r.value / max) + "%'></b>" + whisker + "</div><p class='stat'>" + r.text + "</p></div>";
    }).join("") + "</div>";
  }

  function choice(s) {
    var rows = s.options.map(function (o) {
      return {label: o.label, value: o.share, low: o.low, high: o.high,
              text: pct(o.share) + " (" + o.votes + ") · " + pct(o.low) + "–" + pct(o.high)};
    });
    return "<p class='headline'>Share of the " + s.n + " votes, with 95 % Wilson intervals</p>" + bars(rows, 1);
  }

  function maturity(s) {
    var max = Math.max.apply(null, s.counts.concat([1]));
    var rows = s.counts.map(function (c, i) { return {label: i + ". " + s.stage_labels[i], value: c, text: c + ""}; });
    return "<p class='headline'>Mean stage <strong>" + fmt(s.mean, 1) + "</strong> of 5 (" + interval(s, 1) +
      ", n = " + s.n + ")</p>" + bars(rows, max);
  }

  function nps(s) {
    var max = Math.max.apply(null, s.counts.concat([1]));
    var cols = s.counts.map(function (c, i) {
      var cls = i <= 6 ? "detractor" : (i <= 8 ? "passive" : "promoter");
      return "<div class='col'><b class='" + cls + "' style='height:" + (100 * c / max) + "%'></b><span>" + i + "</span></div>";
    }).join("");
    return "<p class='big'>NPS <strong>" + fmt(s.nps, 0) + "</strong></p><p class='headline'>95 % interval " +
      fmt(s.low, 0) + " to " + fmt(s.high, 0) + " (adjusted Wald) · " + s.promoters + " promoters, " + s.passives +
      " passives, " + s.detractors + " detractors · n = " + s.n + "</p><div class='columns'>" + cols + "</div>";
  }

  function ideas(s) {
    return "<p class='headline'>" + s.n_ideas + " ideas from " + s.n + " participants, grouped by the words they share</p>" +
      "<div class='groups'>" + s.groups.map(function (g) {
        return "<section class='group'><h4>" + esc(g.label) + " <span>(" + g.ideas.length + ")</span></h4><ul>" +
          g.ideas.map(function (i) { return "<li>" + esc(i) + "</li>"; }).join("") + "</ul></section>";
      }).join("") + "</div>";
  }

  function conjoint(s) {
    if (s.status !== "ok") { return "<p class='headline'>" + esc(s.status) + "</p>"; }
    var values = s.part_worths.map(function (r) { return Math.abs(r.part_worth) + 1.96 * (r.std_err || 0); });
    var max = Math.max.apply(null, values.concat([0.5]));
    var out = "<p class='headline'>Pooled part-worths in rating points (0–10 scale), " + s.n + " respondents, " +
      s.n_ratings + " ratings, R² " + fmt(s.rsquared, 2) + "; bars show ±1.96 standard errors</p><div class='attributes'>";
    var byAttribute = {};
    s.part_worths.forEach(function (r) { (byAttribute[r.attribute] = byAttribute[r.attribute] || []).push(r); });
    Object.keys(byAttribute).forEach(function (a) {
      out += "<section class='attribute'><h4>" + esc(a) + " <span>importance " + fmt(s.importances[a], 1) + " %</span></h4>" +
        byAttribute[a].map(function (r) {
          var left = 50 + 50 * Math.min(0, r.part_worth) / max, width = 50 * Math.abs(r.part_worth) / max;
          var se = r.std_err ? "<i class='whisker' style='left:" + (50 + 50 * (r.part_worth - 1.96 * r.std_err) / max) +
            "%;width:" + (100 * 1.96 * r.std_err / max) + "%'></i>" : "";
          return "<div class='bar-row'><p class='label'>" + esc(r.level) + "</p><div class='track centred'><b style='left:" +
            left + "%;width:" + width + "%'></b>" + se + "</div><p class='stat'>" +
            (r.std_err === null ? "reference (0)" : fmt(r.part_worth, 2)) + "</p></div>";
        }).join("") + "</section>";
    });
    return out + "</div>";
  }

  function draw(summary) {
    var result = document.getElementById("result");
    var q = meta.questions[summary.question_id];
    if (!summary.state.revealed) {
      result.innerHTML = "<p class='hidden-note'>Results are hidden while people answer. " + summary.n +
        " answers so far. Press <b>Reveal results</b> to show them.</p>";
      return;
    }
    if (!summary.n) { result.innerHTML = "<p class='hidden-note'>No answers yet.</p>"; return; }
    var drawers = {ratings: items, sliders: items, checklist: maturity, choice: choice, nps: nps, ideas: ideas,
                   conjoint: conjoint};
    var drawer = summary.question_id === "overview.continuum" ? continuum
      : (summary.question_id === "overview.matrix" ? matrix : drawers[q.kind]);
    result.innerHTML = drawer(summary);
  }

  function update(news) {
    if (!news.changed) { return; }
    seq = news.seq;
    document.getElementById("participants").textContent = news.participants;
    Object.keys(meta.questions).forEach(function (id) {
      var count = news.counts[id] || 0, state = news.states[id];
      document.querySelector("[data-count='" + id + "']").textContent = count;
      document.querySelector("[data-flags='" + id + "']").textContent =
        (state.frozen ? " closed" : "") + (state.revealed ? " shown" : "");
    });
    if (news.summary && news.summary.question_id === current) {
      last = news.summary;
      document.getElementById("answers").textContent = news.summary.n;
      document.getElementById("reveal").textContent = last.state.revealed ? "Hide results" : "Reveal results";
      document.getElementById("freeze").textContent = last.state.frozen ? "Reopen answers" : "Freeze answers";
      draw(news.summary);
      ["reveal", "freeze"].forEach(function (b) { document.getElementById(b).disabled = false; });
    }
  }

  function poll() {
    var url = "/facilitator/summary?since=" + seq + (current ? "&question=" + encodeURIComponent(current) : "");
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(update)
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, meta.poll_ms); });
  }

  function pick(id) {
    current = id; seq = -1;
    var q = meta.questions[id], chapter = meta.chapters[q.chapter];
    document.querySelectorAll(".pick").forEach(function (b) { b.classList.toggle("active", b.dataset.question === id); });
    document.getElementById("title").textContent = q.title;
    var name = document.getElementById("chapter-name");
    name.textContent = chapter.name; name.style.color = chapter.colour;
    document.getElementById("stage").style.setProperty("--accent", chapter.colour);
    ["reveal", "freeze"].forEach(function (b) { document.getElementById(b).disabled = true; });
    document.getElementById("result").innerHTML = "";
  }

  function setState(flag) {
    if (!current || !last) { return; }
    var body = new URLSearchParams();
    body.set(flag, last.state[flag] ? "0" : "1");
    fetch("/facilitator/state/" + current, {method: "POST", credentials: "same-origin", body: body,
      headers: {"X-XSRFToken": xsrf}}).then(function () { seq = -1; });
    document.getElementById(flag === "revealed" ? "reveal" : "freeze").disabled = true;
  }

  document.querySelectorAll(".pick").forEach(function (b) {
    b.addEventListener("click", function () { pick(b.dataset.question); });
  });
  document.getElementById("reveal").addEventListener("click", function () { setState("revealed"); });
  document.getElementById("freeze").addEventListener("click", function () { setState("frozen"); });
  document.getElementById("to-workbook").addEventListener("click", function () {
    var status = document.getElementById("tool-status");
    fetch("/facilitator/to-workbook", {method: "POST", credentials: "same-origin", headers: {"X-XSRFToken": xsrf}})
      .then(function (r) { return r.json(); }).then(function (d) {
        status.textContent = d.ok ? "Saved " + d.keys.length + " results in " + d.workbook + "." : d.error;
      });
  });
  poll();
}());
