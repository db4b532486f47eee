/*! django-crm-connect: UCP tabs (the CRM page is an iframe in a UCP tab; UCP is window.parent). */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  if (!root || !root.channel || root.ucp) {
    return;
  }
  var core = root.channel;
  // Without its configuration block the script knows no origin and sends nothing.
  var config = core.readConfig("crm-connect-ucp-config") || /** @type {CrmConnect.UcpConfig} */ ({});
  var origins = (Array.isArray(config.origins) ? config.origins : []).filter(function (origin) {
    return typeof origin === "string" && origin.length > 0;
  });
  // The server renders every value (crm_connect/ucp/rendering.py): the script keeps no
  // defaults of its own. A missing one is a configuration error, reported once.
  var makeCallField = config.makeCallField;
  var fieldProblem = typeof makeCallField === "string" && makeCallField ? "" : "invalid configuration (makeCallField)";
  if (fieldProblem) {
    console.error("[crm-connect:ucp] " + fieldProblem + ": makeCall() refuses every call");
  }

  // The seed's target origin. Used ONLY when the server configured no UCP origin at all
  // (config.anyOrigin, set from an empty CRM_CONNECT["UCP_ORIGINS"]); system check
  // crm_connect.W301 warns about that configuration. See targetOrigins() below.
  var ANY_ORIGIN = "*";
  var anyOrigin = config.anyOrigin === true && origins.length === 0;

  function isFramed() {
    try {
      return window.parent !== window;
    } catch {
      return false;
    }
  }

  function parentWindow() {
    return isFramed() ? window.parent : null;
  }

  // One send-only channel per target origin; the core refuses any other target, and
  // allows '*' only with sendToAnyOrigin. UCP answers nothing, so none of them listens.
  var channels = Object.create(null);
  function channelFor(origin) {
    if (!channels[origin]) {
      channels[origin] = core.create({
        name: "ucp",
        origin: origin,
        sendToAnyOrigin: origin === ANY_ORIGIN,
        target: parentWindow,
        debug: config.debug,
      });
      channels[origin].close();
    }
    return channels[origin];
  }

  function log(level, message, extra) {
    if (config.debug && window.console) {
      (console[level] || console.log).call(console, "[crm-connect:ucp] " + message, extra === undefined ? "" : extra);
    }
  }

  // This module's events ("sent", "refused", "not-framed", "started"): handlers and the
  // DOM events crm-connect:ucp:<key> (the core's emitter).
  var emitter = core.emitter("ucp");
  var emit = emitter.emit;

  function originOf(url) {
    try {
      return url ? new URL(url).origin : "";
    } catch {
      return "";
    }
  }

  // The parent's origin where the browser tells it (Chromium, Safari); null elsewhere.
  function parentOrigin() {
    var ancestors = window.location.ancestorOrigins;
    return ancestors && ancestors.length ? ancestors[0] : null;
  }

  // The origins a message goes to:
  // - '*' only when no UCP origin is configured (the protocol's documented target);
  // - else the configured origin that is the parent's (location.ancestorOrigins);
  // - where the browser hides the parent's origin, the referrer's when it is configured
  //   (the first page loaded in the tab), else every configured origin: the browser
  //   delivers a message only when its target is the parent's origin, so at most one
  //   arrives, and only at a configured origin.
  function targetOrigins() {
    if (anyOrigin) {
      return [ANY_ORIGIN];
    }
    var parent = parentOrigin();
    if (parent !== null) {
      return origins.indexOf(parent) >= 0 ? [parent] : [];
    }
    var referrer = originOf(document.referrer);
    if (referrer && origins.indexOf(referrer) >= 0) {
      return [referrer];
    }
    return origins.slice();
  }

  function refuse(reason, message) {
    log("warn", "not sent: " + reason, message);
    emit("refused", { reason: reason, message: message });
    return false;
  }

  // Post {type, payload} to UCP. Returns true when posted, false (and says why in the
  // debug log and a DOM event) otherwise. Never throws.
  function send(type, payload) {
    var message = { type: type };
    if (typeof type !== "string" || !type) {
      return refuse("a message needs a type", message);
    }
    if (payload !== undefined && payload !== null) {
      try {
        message.payload = core.sanitize(payload);
      } catch {
        return refuse("the payload is not plain data", message);
      }
      if (!core.isPlainObject(message.payload)) {
        return refuse("the payload must be an object", message);
      }
    }
    if (!isFramed()) {
      log("info", "not sent: the page is not in a UCP tab (no parent frame)", message);
      emit("not-framed", message);
      return false;
    }
    var targets = targetOrigins();
    if (!targets.length) {
      return refuse("the parent " + (parentOrigin() || "(unknown origin)") + " is not a configured UCP origin", message);
    }
    var sent = false;
    for (var i = 0; i < targets.length; i++) {
      try {
        sent = channelFor(targets[i]).post(message) || sent;
      } catch (error) {
        log("error", "postMessage to " + targets[i] + " failed", error);
      }
    }
    if (sent) {
      emit("sent", message, { targetOrigins: targets });
    }
    return sent;
  }

  // CLOSE_CRM_TAB: UCP closes the tab this page is in, or the tab payload.id names.
  function closeTab(payload) {
    if (payload !== undefined && payload !== null) {
      if (!core.isPlainObject(payload)) {
        return refuse("closeTab(payload) takes an object such as {id: 'tab-1'}", { type: "CLOSE_CRM_TAB", payload: payload });
      }
      var id = payload.id;
      if (id !== undefined && !((typeof id === "string" && id) || (typeof id === "number" && isFinite(id)))) {
        return refuse("payload.id must be a non-empty string or a number", { type: "CLOSE_CRM_TAB", payload: payload });
      }
    }
    return send("CLOSE_CRM_TAB", payload);
  }

  // MAKE_CALL: the vendor has not confirmed its payload. The number goes under
  // config.makeCallField (CRM_CONNECT["UCP_MAKE_CALL_FIELD"], default "phoneNumber");
  // `extra` adds fields, and never replaces the number.
  function makeCall(number, extra) {
    if (typeof number === "number" && isFinite(number)) {
      number = String(number);
    }
    if (typeof number !== "string" || !number.trim() || fieldProblem) {
      return refuse(fieldProblem || "makeCall(number) needs a phone number", { type: "MAKE_CALL", payload: { number: number } });
    }
    var payload;
    try {
      payload = extra === undefined || extra === null ? {} : core.sanitize(extra);
    } catch {
      payload = null;
    }
    if (!core.isPlainObject(payload)) {
      return refuse("makeCall(number, extra): extra must be plain data in an object", { type: "MAKE_CALL", payload: extra });
    }
    payload[makeCallField] = number.trim();
    return send("MAKE_CALL", payload);
  }

  // --- declarative use: data-crm-connect-ucp="close-tab" | "make-call" -------------------

  // One of the page's click handlers (channel-page.js: Skylight, then UCP, then the
  // connector). Outside UCP nothing is sent, and a tel: link keeps its usual meaning.
  var page = core.page;
  if (page) {
    page.handle(page.priority.ucp, function (event) {
      var start = /** @type {Element} */ (event.target);
      var element = start && start.closest ? start.closest("[data-crm-connect-ucp]") : null;
      var action = element && element.getAttribute("data-crm-connect-ucp");
      if (action === "close-tab") {
        var id = element.getAttribute("data-crm-connect-ucp-tab-id");
        return closeTab(id ? { id: id } : undefined);
      }
      // the number: data-crm-connect-ucp-number, else the tel: link's (RFC 3966)
      return action === "make-call" && makeCall(page.numberOf(element, "data-crm-connect-ucp-number"));
    });
  } else {
    console.error("[crm-connect:ucp] channel-page.js is not loaded: its controls do nothing");
  }

  // True when the page is framed by a parent this script may talk to.
  function inUcp() {
    return isFramed() && targetOrigins().length > 0;
  }

  // Show the [data-crm-connect-ucp-only] elements under `container` when inside UCP.
  // Runs once on load; call it again for content added later.
  function reveal(container) {
    if (!inUcp()) {
      return false;
    }
    document.documentElement.setAttribute("data-crm-connect-ucp-framed", "");
    var nodes = (container || document).querySelectorAll("[data-crm-connect-ucp-only]");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].hidden = false;
    }
    return true;
  }

  root.ucp = {
    isFramed: isFramed,
    inUcp: inUcp,
    targetOrigins: targetOrigins,
    makeCallField: makeCallField,
    send: send,
    closeTab: closeTab,
    makeCall: makeCall,
    reveal: reveal,
    on: emitter.on,
    off: emitter.off,
  };

  // Loaded after the connector's answer (channel-lazy.js): set up at once.
  reveal();
  emit("started", null);
})();
