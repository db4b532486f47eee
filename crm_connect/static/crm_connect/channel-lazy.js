/*! django-crm-connect: the protocols' scripts after the connector's answer (docs/javascript.md). */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var core = root && root.channel;
  if (!core || core.loaded) {
    return;
  }

  // The blocks that name scripts to run later (data-crm-connect-load): UCP's and Skylight's
  // configuration, each with a "load" ({scripts, wait, clicks, hold}: crm_connect/rendering.py).
  /** @return {any[]} every block's load[key], in page order */
  function plans(key) {
    var all = [];
    document.querySelectorAll("script[data-crm-connect-load]").forEach(function (block) {
      var config = core.readConfig(block.id);
      all = all.concat(config && core.isPlainObject(config.load) && config.load[key] !== undefined ? config.load[key] : []);
    });
    return all;
  }

  // What came meanwhile from an origin a block names: its module takes it (takeHeld) once
  // loaded. null once every script ran: nothing is held any more.
  /** @type {MessageEvent[] | null} */
  var held = [];
  var loading = null;
  /** @type {(value: CrmConnect.Root) => void} */
  var resolve;
  var loaded = new Promise(function (done) {
    resolve = done;
  });

  // Each script once, in page order (channel-page.js before the modules that need it),
  // with channel.js's nonce; a script that fails to load is skipped.
  function loadAll() {
    if (!loading) {
      var urls = plans("scripts").filter(function (url, index, all) {
        return typeof url === "string" && all.indexOf(url) === index;
      });
      loading = Promise.all(
        urls.map(function (url) {
          return core.load(url).catch(function () {
            console.error("[crm-connect] " + url + " did not load");
          });
        })
      ).then(function () {
        held = null;
        resolve(root);
      });
    }
  }

  function takeHeld(origin) {
    var taken = (held || []).filter(function (event) {
      return event.origin === origin;
    });
    held = held && held.filter(function (event) {
      return event.origin !== origin;
    });
    return taken;
  }

  // The connector first: load once it has sent crmData, timed out or failed, or after the
  // blocks' wait (a connector slow or absent); at once on a page without it. A first
  // input (pointer, key) does not wait: the agent is about to use the page.
  function wait() {
    var from = plans("hold");
    var selector = plans("clicks").filter(Boolean).join(", ");
    setTimeout(loadAll, Math.max.apply(null, plans("wait").concat(0)));
    ["connected", "timeout", "error"].forEach(function (key) {
      document.addEventListener("crm-connect:connector:" + key, function () {
        setTimeout(loadAll); // after the task that sent crmData: the connector reads it first
      });
    });

    function hold(/** @type {MessageEvent} */ event) {
      if (held && held.length < 100 && from.indexOf(event.origin) >= 0) {
        held.push(event);
      }
    }

    // A click on a control of a module not loaded yet (a block's "clicks") is kept from
    // the page, and dispatched again once the modules are in: within the click's user
    // activation, so the popup it opens is not blocked.
    function holdClick(/** @type {MouseEvent} */ event) {
      var target = /** @type {Element} */ (event.target);
      if (!held || !selector || !target || !target.closest || !target.closest(selector)) {
        return;
      }
      if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // the browser's, as the click dispatcher leaves it (channel-page.js)
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      loadAll();
      loaded.then(function () {
        target.dispatchEvent(new MouseEvent("click", event));
      });
    }

    /** @type {[string, (event: any) => void, boolean][]} */
    var listeners = [
      ["pointerdown", loadAll, true],
      ["keydown", loadAll, true],
      ["message", hold, false],
      ["click", holdClick, true],
    ];
    listeners.forEach(function (entry) {
      window.addEventListener(entry[0], entry[1], entry[2]);
    });
    loaded.then(function () {
      listeners.forEach(function (entry) {
        window.removeEventListener(entry[0], entry[1], entry[2]);
      });
    });
  }

  function start() {
    var connector = root.connector;
    var status = connector ? connector.state().status : "connected";
    if (status === "connected" || status === "timeout" || !plans("scripts").length) {
      loadAll();
    } else {
      wait();
    }
  }

  core.loaded = function () {
    return loaded;
  };
  core.takeHeld = takeHeld;

  // Deferred, this script runs once the page is parsed (every block and the connector's
  // script are in); loaded otherwise, it waits for that.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
