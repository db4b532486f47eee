/*! django-crm-connect channel core: safe postMessage plumbing shared by every protocol. */
(function () {
  "use strict";
  var root = (window.crmConnect = window.crmConnect || {});
  if (root.channel) {
    return; // already loaded on this page
  }

  // Keys that could reach an object's prototype; never copied out of a message.
  var FORBIDDEN_KEYS = { __proto__: true, constructor: true, prototype: true };
  var LIMITS = { depth: 20, nodes: 20000, stringLength: 262144 };

  function Rejected(reason) {
    this.reason = reason;
  }

  function isPlainObject(value) {
    if (value === null || typeof value !== "object") {
      return false;
    }
    var proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  }

  // A deep copy of JSON-like data with limits. Anything else (Dates, Maps, Blobs, class
  // instances, cycles, huge strings, deep nesting) rejects the whole message.
  function clean(value, depth, budget) {
    if (--budget.nodes < 0) {
      throw new Rejected("too many values");
    }
    if (value === null || typeof value === "boolean") {
      return value;
    }
    if (typeof value === "number") {
      if (!isFinite(value)) {
        throw new Rejected("non-finite number");
      }
      return value;
    }
    if (typeof value === "string") {
      if (value.length > LIMITS.stringLength) {
        throw new Rejected("string longer than " + LIMITS.stringLength);
      }
      return value;
    }
    if (depth > LIMITS.depth) {
      throw new Rejected("nested deeper than " + LIMITS.depth);
    }
    var copy, i, key, keys;
    if (Array.isArray(value)) {
      copy = [];
      for (i = 0; i < value.length; i++) {
        copy.push(clean(value[i], depth + 1, budget));
      }
      return copy;
    }
    if (!isPlainObject(value)) {
      throw new Rejected("not plain data");
    }
    copy = {};
    keys = Object.keys(value);
    for (i = 0; i < keys.length; i++) {
      key = keys[i];
      if (Object.prototype.hasOwnProperty.call(FORBIDDEN_KEYS, key)) {
        continue;
      }
      copy[key] = clean(value[key], depth + 1, budget);
    }
    return copy;
  }

  function sanitize(value) {
    return clean(value, 0, { nodes: LIMITS.nodes });
  }

  function readConfig(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      var config = JSON.parse(element.textContent || "null");
      return isPlainObject(config) ? config : null;
    } catch (error) {
      return null;
    }
  }

  function emitDom(name, key, detail) {
    var event;
    try {
      event = new CustomEvent("crm-connect:" + name + ":" + key, { detail: detail });
    } catch (error) {
      return;
    }
    document.dispatchEvent(event);
  }

  // A channel to one peer window at one origin.
  //   options.name      "connector", "skylight", ...: prefixes logs and DOM events
  //   options.origin    the peer's exact origin (string)
  //   options.target()  the peer's window, or null when it is not there
  //   options.accept(data, event)  true when data has this protocol's shape
  //   options.key(data) the handler key (an action, a topic)
  //   options.debug     log what is rejected, and why
  function create(options) {
    var handlers = {};
    var name = options.name;
    var debug = !!options.debug;

    function log(level, message, extra) {
      if (debug && window.console) {
        (console[level] || console.log).call(console, "[crm-connect:" + name + "] " + message, extra === undefined ? "" : extra);
      }
    }

    function handlersFor(key) {
      return Object.prototype.hasOwnProperty.call(handlers, key) ? handlers[key] : null;
    }

    function on(key, handler) {
      if (typeof key !== "string" || typeof handler !== "function") {
        throw new TypeError("on(key, handler) takes a string and a function");
      }
      (handlersFor(key) || (handlers[key] = [])).push(handler);
      return function () {
        off(key, handler);
      };
    }

    function off(key, handler) {
      var list = handlersFor(key);
      if (list) {
        var index = list.indexOf(handler);
        if (index >= 0) {
          list.splice(index, 1);
        }
      }
    }

    // Run the handlers of `key` and fire the matching DOM event. A failing handler is
    // logged and does not stop the others.
    function emit(key, data, extra) {
      var list = (handlersFor(key) || []).slice();
      for (var i = 0; i < list.length; i++) {
        try {
          list[i](data, extra);
        } catch (error) {
          if (window.console) {
            console.error("[crm-connect:" + name + "] handler for " + key + " failed", error);
          }
        }
      }
      emitDom(name, key, { key: key, data: data, extra: extra });
    }

    function post(message, targetOrigin) {
      var target = options.target();
      if (!target) {
        log("warn", "not sent, the peer window is not there", message);
        return false;
      }
      target.postMessage(message, targetOrigin || options.origin);
      log("debug", "sent", message);
      return true;
    }

    function receive(event) {
      var target = options.target();
      if (event.origin !== options.origin) {
        log("debug", "rejected: origin " + event.origin + " is not " + options.origin);
        return;
      }
      if (!target || event.source !== target) {
        log("debug", "rejected: not from the " + name + " window");
        return;
      }
      var data;
      try {
        data = sanitize(event.data);
      } catch (error) {
        if (error instanceof Rejected) {
          log("debug", "rejected: " + error.reason);
          return;
        }
        throw error;
      }
      if (!isPlainObject(data) || !options.accept(data, event)) {
        log("debug", "rejected: not a " + name + " message", data);
        return;
      }
      log("debug", "received", data);
      emit(options.key(data), data, event);
    }

    function listener(event) {
      try {
        receive(event);
      } catch (error) {
        log("error", "message dropped after an unexpected error", error);
      }
    }

    window.addEventListener("message", listener);

    return {
      name: name,
      on: on,
      off: off,
      emit: emit,
      post: post,
      log: log,
      close: function () {
        window.removeEventListener("message", listener);
      },
    };
  }

  root.channel = {
    create: create,
    sanitize: sanitize,
    isPlainObject: isPlainObject,
    readConfig: readConfig,
    emitDom: emitDom,
    limits: LIMITS,
  };
})();
