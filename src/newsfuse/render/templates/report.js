/* newsfuse report: citation popovers and span highlighting. The page works without this:
   every citation is a plain link to the span's id. Text is only ever set with textContent. */
(function () {
  "use strict";
  var pop = document.getElementById("popover");
  if (!pop) { return; }
  var popSource = pop.querySelector(".popover-source");
  var popQuote = pop.querySelector(".popover-quote");
  var popBack = pop.querySelector(".popover-back");
  var owner = null;      // the citation the popover belongs to
  var lastCite = null;   // the citation the reader last followed
  var quiet = false;     // returning focus to a citation must not reopen its preview

  function fragments(key) {
    return document.querySelectorAll('mark[data-span="' + key + '"]');
  }
  function spanText(key) {
    var text = "";
    fragments(key).forEach(function (m) { text += m.textContent; });
    return text;
  }
  function place(anchor) {
    var r = anchor.getBoundingClientRect();
    var width = Math.min(pop.offsetWidth, document.documentElement.clientWidth - 12);
    var left = Math.max(6, Math.min(r.left, document.documentElement.clientWidth - width - 6));
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function show(cite, anchor, pinned) {
    var key = cite.getAttribute("data-span");
    popSource.textContent = "Source " + cite.getAttribute("data-doc") + ": " +
      (cite.getAttribute("data-label") || "");
    popQuote.textContent = key ? "\u201c" + spanText(key).trim() + "\u201d" : "(the whole report)";
    pop.classList.toggle("is-pinned", !!pinned);
    // a preview only describes the citation; once pinned it holds a control, so it is a dialog
    pop.setAttribute("role", pinned ? "dialog" : "tooltip");
    pop.hidden = false;
    place(anchor);
    if (owner && owner !== cite) { owner.removeAttribute("aria-describedby"); }
    owner = cite;
    cite.setAttribute("aria-describedby", "popover");
  }
  function hide() {
    pop.hidden = true;
    pop.classList.remove("is-pinned");
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }
  function reveal(el) {
    // a collapsed <details> hides its content from scrolling and focus: open the ones around el
    var opened = false;
    for (var d = el.closest("details:not([open])"); d; d = d.closest("details:not([open])")) {
      d.open = true;
      opened = true;
    }
    return opened;
  }
  function highlight(key) {
    document.querySelectorAll("mark.is-active").forEach(function (m) {
      m.classList.remove("is-active");
    });
    var marks = fragments(key);
    marks.forEach(function (m) { m.classList.add("is-active"); });
    return marks.length ? document.getElementById(key) || marks[0] : null;
  }
  function follow(cite) {
    var key = cite.getAttribute("data-span");
    var target = key ? highlight(key) : document.getElementById(cite.hash.slice(1));
    if (!target) { return; }
    reveal(target);
    if (lastCite) { lastCite.classList.remove("is-current"); }
    lastCite = cite;
    cite.classList.add("is-current");
    target.scrollIntoView({ block: "center" });
    if (target.focus) { target.focus({ preventScroll: true }); }
    if (key) { show(cite, target, true); } else { hide(); }
  }

  document.addEventListener("click", function (e) {
    var cite = e.target.closest ? e.target.closest("a.cite") : null;
    if (cite) {
      e.preventDefault();
      follow(cite);
    } else if (e.target === popBack || popBack.contains(e.target)) {
      e.preventDefault();
      hide();
      if (lastCite) { lastCite.scrollIntoView({ block: "center" }); refocus(lastCite); }
    } else if (!pop.contains(e.target)) {
      hide();
    }
  });
  function refocus(el) {
    quiet = true;
    el.focus({ preventScroll: true });
    quiet = false;
  }
  function preview(e) {
    var cite = e.target.closest ? e.target.closest("a.cite") : null;
    if (cite && !quiet && !pop.classList.contains("is-pinned")) { show(cite, cite, false); }
  }
  function unpreview(e) {
    var cite = e.target.closest ? e.target.closest("a.cite") : null;
    if (cite && cite === owner && !pop.classList.contains("is-pinned")) { hide(); }
  }
  document.addEventListener("mouseover", preview);
  document.addEventListener("focusin", preview);
  document.addEventListener("mouseout", unpreview);
  document.addEventListener("focusout", unpreview);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !pop.hidden) {
      var back = owner;
      hide();
      if (back) { refocus(back); }
    }
  });
  function fromHash() {
    var key = decodeURIComponent(location.hash.slice(1));
    var target = document.getElementById(key);
    if (target && reveal(target)) { target.scrollIntoView({ block: "start" }); }
    if (/^s\d+-\d+-\d+$/.test(key)) { highlight(key); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
}());
