/*! django-crm-connect: the core's page side (docs/contributing.md). */
// @ts-check
(function () {
  "use strict";
  var core = window.crmConnect && window.crmConnect.channel;
  if (!core || core.page) {
    return;
  }

  // RFC 3966: "tel:+1-555-010-0199;ext=12" -> "+15550100199"; no number: ""
  function number(text) {
    var value = typeof text === "string" ? text.trim().replace(/^tel:/i, "").split(";")[0] : "";
    try {
      value = decodeURIComponent(value);
    } catch {
      // no number
    }
    value = value.replace(/[\s().-]/g, "");
    return /^\+?[\d*#]*\d[\d*#]*$/.test(value) ? value : "";
  }

  function numberOf(element, attribute) {
    var href = element.getAttribute("href") || "";
    return number((attribute && element.getAttribute(attribute)) || (/^tel:/i.test(href) ? href : ""));
  }

  // channel.read's pair: never throws
  /** @param {CrmConnect.StorageArea} area */
  function write(area, key, value) {
    try {
      value == null ? window[area].removeItem(key) : window[area].setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  // lower first; the first that takes a click wins
  var PRIORITY = Object.freeze({ skylight: 10, ucp: 20, connector: 30 });
  var handlers = [];

  function handle(priority, handler) {
    var entry = [priority, handler];
    handlers.push(entry);
    handlers.sort(function (a, b) {
      return a[0] - b[0]; // stable
    });
    return function () {
      handlers = handlers.filter(function (other) {
        return other !== entry;
      });
    };
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    handlers.some(function (entry) {
      try {
        if (entry[1](event)) {
          event.preventDefault();
          return true;
        }
      } catch (error) {
        console.error("[crm-connect] click", error);
      }
    });
  });

  // http(s) only: never javascript: or data:
  function safeUrl(url) {
    try {
      var parsed = typeof url === "string" && url && new URL(url, location.href);
      return parsed && /^https?:$/.test(parsed.protocol) ? parsed.href : null;
    } catch {
      return null;
    }
  }

  /** @return {any} */
  function add(tag, parent, content, className, url) {
    var node = parent.appendChild(document.createElement(tag));
    node.textContent = content || "";
    if (className) {
      node.className = className;
    }
    if (url) {
      node.href = url;
    }
    return node;
  }

  // DOM nodes only: record data is text, never HTML
  function showRecords(number, records, createUrl, text) {
    var old = document.querySelector("dialog[data-crm-connect-dialog]");
    if (old) {
      old.remove(); // and so closed
    }
    var kind = /** @type {"chooser" | "no-match"} */ (records.length ? "chooser" : "no-match");
    var dialog = add("dialog", document.body, "", "crm-connect-dialog");
    dialog.setAttribute("data-crm-connect-dialog", kind);
    dialog.setAttribute("aria-labelledby", "crm-connect-dialog-title");
    add("h2", dialog, text(records.length ? "chooserTitle" : "noMatchTitle", { number: number })).id = "crm-connect-dialog-title";
    if (records.length) {
      add("p", dialog, text("chooserHint"));
      var list = add("ul", dialog);
      records.forEach(function (record) {
        var url = safeUrl(record.url);
        if (url) {
          var item = add("li", list);
          add("a", item, record.name, "", url).setAttribute("data-record-id", record.id);
          add("span", item, [record.objectType, record.phone, record.email].filter(Boolean).join(" \u00b7 "), "crm-connect-dialog-detail");
        }
      });
    } else if (safeUrl(createUrl)) {
      add("a", dialog, text("createRecord"), "crm-connect-dialog-create", safeUrl(createUrl));
    }
    var close = add("button", dialog, text("close"), "crm-connect-dialog-close");
    close.type = "button";
    close.addEventListener("click", function () {
      dialog.remove();
    });
    if (dialog.showModal) {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    dialog.querySelector("a, button").focus();
    return kind;
  }

  core.write = write;
  // A module in several files (Skylight, the connector's features): each part's file
  // registers its function here, and the module's last file puts them together.
  core.part = function (module, name, setup) {
    /** @type {any} */
    var parts = (core._parts = core._parts || {});
    (parts[module] = parts[module] || {})[name] = setup;
  };
  core.page = {
    // a screen pop, a chosen record: connector-persist.js, connector-window.js replace it
    visit: function (url) {
      location.assign(url);
    },
    number: number,
    numberOf: numberOf,
    priority: PRIORITY,
    handle: handle,
    safeUrl: safeUrl,
    showRecords: showRecords,
  };
})();
