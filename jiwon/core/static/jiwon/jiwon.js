// Behaviour every page shares; loaded deferred from base.html (no inline script: CSP).
(function () {
  "use strict";

  // The language switcher submits as soon as a language is picked (a button without JS).
  document.querySelectorAll("form[data-jw-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The main menu: one group open at a time; a click elsewhere or Escape closes it.
  var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-jw-menu]"));
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) return;
      menus.forEach(function (other) { if (other !== menu) other.open = false; });
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });

  // A long select (the region picker) gets a search box: typing a name or a code keeps the
  // matching options (and their groups) and hides the rest; the first match is chosen unless
  // the select has data-jw-search-keep (the rule builder's, where choosing adds a region).
  // Also for selects that htmx swaps in later.
  function searchable(root) {
    root.querySelectorAll("select[data-jw-search]:not([data-jw-searchable])").forEach(makeSearchable);
  }
  function makeSearchable(select) {
    select.setAttribute("data-jw-searchable", "");
    var keep = select.hasAttribute("data-jw-search-keep");
    var box = document.createElement("input");
    box.type = "search";
    box.className = "krds-input jw-select-search";
    box.setAttribute("aria-label", select.getAttribute("data-jw-search-label") || "Search");
    box.setAttribute("aria-controls", select.id);
    box.placeholder = select.getAttribute("data-jw-search-label") || "";
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var text = option.text.toLowerCase() + " " + (option.parentNode.label || "").toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        option.hidden = !match;
        if (match && !first) first = option;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      if (first && words.length && !keep) select.value = first.value;
    });
  }
  searchable(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { searchable(event.target); });

  // The mobile menu button shows and hides the menu (without JS it is a link to #jw-nav).
  var button = document.getElementById("jw-menu-button");
  var nav = document.getElementById("jw-nav");
  if (button && nav) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var open = nav.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();

// Confirmation modals (includes/confirm_modal.html): open on their button, close on Cancel,
// Escape or the backdrop, focus moved in and back.
(function () {
  "use strict";
  var opener = null;
  function close(modal) {
    modal.classList.remove("in", "shown");
    if (window.location.hash === "#" + modal.id) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    if (opener) opener.focus();
  }
  function open(modal, from) {
    opener = from;
    modal.classList.add("shown", "in");
    modal.querySelector("button[type=submit]").focus();
  }
  document.querySelectorAll("[data-jw-open]").forEach(function (button) {
    var modal = document.getElementById(button.getAttribute("data-jw-open"));
    if (!modal) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      open(modal, button);
    });
    // A modal inside a form with fields: Enter in a field would submit through the modal's
    // button without showing it, so the form asks first.
    var form = modal.parentElement.closest("form");
    if (form) {
      form.addEventListener("submit", function (event) {
        var through = !event.submitter || modal.contains(event.submitter);
        if (through && !modal.classList.contains("shown") && !modal.matches(":target")) {
          event.preventDefault();
          open(modal, button);
        }
      });
    }
    modal.querySelectorAll("[data-jw-close], .modal-back").forEach(function (el) {
      el.addEventListener("click", function (event) { event.preventDefault(); close(modal); });
    });
    modal.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close(modal);
    });
  });
})();
