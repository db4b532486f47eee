/*! django-crm-connect: the softphone window (docs/softphone-window.md). One window per
    user holds the connector; the CRM's tabs reach it over a BroadcastChannel. */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var core = root && root.channel;
  var config = core && core.readConfig("crm-connect-softphone-config");
  var page = core && core.page;
  if (!config || !page || root.connector) {
    return;
  }
  var texts = config.texts;
  var isPlainObject = core.isPlainObject;
  var notice = document.querySelector("[data-crm-connect-softphone-notice]");
  var bus = typeof BroadcastChannel === "function" ? new BroadcastChannel(config.channel) : null;
  /** @type {CrmConnect.Connector | null} */
  var connector = null;
  var closing = false;

  function log(message, extra) {
    if (config.debug) {
      console.debug("[crm-connect:softphone] " + message, extra === undefined ? "" : extra);
    }
  }

  function say(text) {
    if (notice) {
      notice.textContent = text || "";
      /** @type {HTMLElement} */ (notice).hidden = !text;
    }
  }

  /** @param {string} kind */
  function post(kind, extra) {
    if (!bus) {
      return;
    }
    var message = Object.assign({ kind: kind, user: config.userId }, extra);
    try {
      bus.postMessage(message);
    } catch (error) {
      // data a channel cannot clone (a DOM node): the event goes without it
      log("not cloneable: " + kind, error);
      bus.postMessage(Object.assign({}, message, { data: null }));
    }
  }

  function state() {
    return connector ? connector.state() : null;
  }

  // --- the tabs: who is there, and which one the agent used last ---------------------------

  /** @type {{[tab: string]: number}} */
  var tabs = {}; // tab id -> when it was last used (0: open, never used)
  var clock = 0;

  function lastTab() {
    var best = null;
    Object.keys(tabs).forEach(function (tab) {
      if (best === null || tabs[tab] > tabs[best]) {
        best = tab;
      }
    });
    return best;
  }

  // A screen pop, a chosen record, "navigate to result": in the tab used last, else a new one.
  function visit(url) {
    var target = page.safeUrl(url);
    if (!target) {
      return;
    }
    var tab = lastTab();
    if (tab) {
      post("visit", { to: tab, url: target });
    } else {
      window.open(target, "_blank");
    }
  }

  // Links in this window (the screen pop's record chooser) open in a tab, never here;
  // asked first by the one click dispatcher.
  page.handle(0, function (event) {
    var target = /** @type {Element} */ (event.target);
    var link = target.closest && target.closest("dialog[data-crm-connect-dialog] a[href]");
    if (!link) {
      return false;
    }
    visit(link.getAttribute("href"));
    link.closest("dialog").remove();
    return true;
  });

  // --- what the tabs ask ---------------------------------------------------------------------

  var DIAL_ATTRIBUTES = ["href", "data-record-id", "data-object-type", "data-record-name", "data-record-url", "data-record-email"];
  var dialing = null;

  // A tab's click-to-dial link, clicked here: the connector's own click handler takes it.
  function dial(attributes) {
    var link = document.createElement("a");
    link.hidden = true;
    link.setAttribute("data-crm-connect-dial", "");
    DIAL_ATTRIBUTES.forEach(function (name) {
      var value = isPlainObject(attributes) ? attributes[name] : null;
      if (typeof value === "string" && value.length <= 2000) {
        link.setAttribute(name, value);
      }
    });
    document.body.appendChild(link);
    dialing = link;
    var click = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    dialing = null;
    link.remove();
    return click.defaultPrevented; // taken: click-to-dial was on and the link has a number
  }
  // A link no handler took must not navigate this window to tel:.
  window.addEventListener("click", function (event) {
    if (dialing && event.target === dialing) {
      event.preventDefault();
    }
  });

  var METHODS = {
    send: function (action, data) {
      return connector.send(action, data);
    },
    notify: function (options) {
      return connector.notify(options);
    },
    setClickToDial: function (enabled) {
      return connector.setClickToDial(!!enabled);
    },
    dial: dial,
  };

  function answer(message) {
    var method = Object.prototype.hasOwnProperty.call(METHODS, message.method) ? METHODS[message.method] : null;
    var args = Array.isArray(message.args) ? message.args : [];
    var reply = { to: message.tab, id: message.id };
    new Promise(function (resolve) {
      if (!method || !connector) {
        throw Object.assign(new Error("the softphone cannot " + String(message.method)), { code: "NOT_SUPPORTED" });
      }
      resolve(method.apply(null, args));
    }).then(
      function (value) {
        post("result", Object.assign(reply, { ok: true, value: value }));
      },
      function (error) {
        post("result", Object.assign(reply, { ok: false, error: { name: error.name, message: String(error.message), code: error.code } }));
      }
    );
  }

  var sessionChecked = null;

  function onMessage(event) {
    var message = event.data;
    if (!isPlainObject(message) || typeof message.kind !== "string" || closing) {
      return;
    }
    if (message.user !== config.userId) {
      check(); // another user's tab: is this window's user still signed in?
      return;
    }
    var tab = typeof message.tab === "string" ? message.tab : null;
    if (message.kind === "hello" || message.kind === "used") {
      if (tab) {
        tabs[tab] = message.used || message.kind === "used" ? ++clock : tabs[tab] || 0;
      }
      if (message.kind === "hello") {
        post("state", { state: state() });
        check(); // a page load: the session may be a new one
      }
    } else if (message.kind === "bye" && tab) {
      delete tabs[tab];
    } else if (message.kind === "call" && tab && connector) {
      answer(message);
    } else if (message.kind === "raise") {
      window.focus();
      post("state", { state: state() }); // a tab that opened a second window learns of this one
    }
  }

  // --- signed out, or another user: the window closes ----------------------------------------

  function close(reason) {
    if (closing) {
      return;
    }
    closing = true;
    say(texts.signedOut);
    post("closed", { reason: reason });
    var frame = document.querySelector("iframe[data-crm-connect-connector]");
    if (frame) {
      frame.remove(); // the connector stops at once, whatever window.close() allows
    }
    window.close();
  }

  var checking = false;
  function check() {
    if (checking || closing) {
      return;
    }
    checking = true;
    fetch(config.sessionUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          close("signed-out");
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (session) {
        if (isPlainObject(session)) {
          if (session.userId !== config.userId || (sessionChecked !== null && session.session !== sessionChecked)) {
            close("signed-out");
          }
          sessionChecked = sessionChecked === null ? session.session : sessionChecked;
        }
      })
      .catch(function (error) {
        log("session check failed", error); // offline: try again later
      })
      .then(function () {
        checking = false;
      });
  }

  // --- the one window that holds the connector -----------------------------------------------

  function start() {
    core.load(config.connectorUrl).then(function () {
      connector = root.connector;
      if (!connector) {
        throw new Error(config.connectorUrl + " did not start");
      }
      page.visit = visit;
      var connected = new Promise(function (resolve, reject) {
        connector.on("connected", resolve);
        connector.on("timeout", function () {
          reject(Object.assign(new Error("the connector did not answer"), { code: "TIMEOUT" }));
        });
      });
      connected.catch(function () {});
      connector.openWindow = function () {
        window.focus();
        return connected.then(function () {});
      };
      // every action and event of the connector reaches the tabs
      connector.on("*", function (data, extra, key) {
        post("event", { key: key, data: data instanceof Error ? { name: data.name, message: data.message, code: data["code"] } : data, state: state() });
      });
      var template = /** @type {HTMLTemplateElement | null} */ (document.querySelector("template[data-crm-connect-softphone-frame]"));
      if (template) {
        document.body.appendChild(template.content.cloneNode(true));
      }
      post("state", { state: state() });
      check();
      setInterval(check, config.sessionCheck);
    }).catch(function (error) {
      say(String(error.message));
      console.error("[crm-connect:softphone]", error);
    });
  }

  // A second window, opened by mistake: it says so, raises the first, and closes.
  function elsewhere() {
    say(texts.elsewhere);
    post("raise");
    setTimeout(function () {
      window.close();
    }, 1500);
  }

  if (bus) {
    bus.onmessage = onMessage;
  }
  window.addEventListener("pagehide", function () {
    if (connector && !closing) {
      post("closed", { reason: "closed" });
    }
  });

  var locks = navigator.locks;
  if (locks && typeof locks.request === "function") {
    locks.request(config.lock, { ifAvailable: true }, function (lock) {
      if (!lock) {
        elsewhere();
        return null;
      }
      start();
      return new Promise(function () {}); // held while this window is open
    });
  } else {
    start(); // no Web Locks (not a secure context): the button opens one window by name
  }
})();
