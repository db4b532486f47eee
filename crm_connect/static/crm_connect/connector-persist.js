/*! django-crm-connect: a page that keeps its docked connector across navigations (htmx's
    hx-boost, Turbo: {% crm_connect_connector persistent=True %}, docs/softphone-window.md). */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var core = root && root.channel;
  var page = core && core.page;
  var html = document.documentElement;
  // Once per document: the tag's element is kept, never run again, but a page may
  // render the tag twice.
  if (!page || html.hasAttribute("data-crm-connect-persistent")) {
    return;
  }
  html.setAttribute("data-crm-connect-persistent", "");

  /** @type {any} */
  var global = window;

  // A screen pop or a chosen record: a boosted visit, so the connector stays.
  function visit(url) {
    var turbo = global.Turbo;
    var htmx = global.htmx;
    if (turbo && typeof turbo.visit === "function") {
      turbo.visit(url);
    } else if (htmx && typeof htmx.process === "function" && document.body) {
      // A link like the page's own: htmx boosts it when the page is boosted there.
      var link = document.createElement("a");
      link.href = url;
      link.hidden = true;
      document.body.appendChild(link);
      htmx.process(link);
      link.click();
    } else {
      location.assign(url);
    }
  }
  page.visit = visit;

  // The record chooser's links (connector and Skylight) are added after htmx looked
  // at the page: they go the same way. Asked first by the one click dispatcher.
  page.handle(0, function (event) {
    var target = /** @type {Element} */ (event.target);
    var link = target.closest && target.closest("dialog[data-crm-connect-dialog] a[href]");
    if (!link) {
      return false;
    }
    link.closest("dialog").remove();
    visit(link.getAttribute("href"));
    return true;
  });

  // A swapped body has new tel: links, and lost the hint they point to: marked again
  // while click-to-dial is on (as connector-calls.js marks them; no event, no change).
  var HINT = "crm-connect-dial-hint";
  var config = core.readConfig("crm-connect-connector-config");
  function swapped() {
    var connector = root.connector;
    if (!connector || !connector.state().clickToDial || !document.body) {
      return;
    }
    var links = document.querySelectorAll("a[data-crm-connect-dial]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("aria-describedby", HINT);
    }
    if (!document.getElementById(HINT)) {
      var hint = document.body.appendChild(document.createElement("span"));
      hint.id = HINT;
      hint.hidden = true;
      hint.textContent = config ? config.texts.dialHint : "";
    }
  }
  ["htmx:afterSettle", "turbo:render"].forEach(function (name) {
    document.addEventListener(name, swapped);
  });
})();
