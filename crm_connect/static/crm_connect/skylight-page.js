/*! django-crm-connect: Skylight on the CRM page: the launcher and status elements,
    click-to-dial, screen pops (docs/skylight.md). Put together by skylight.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("skylight", "page", function (tab) {
    var config = tab.config;
    var state = tab.state;
    var labels = config.labels;

    // --- the launcher and status elements ----------------------------------------------------

    function render() {
      var i, nodes = document.querySelectorAll("[data-skylight-status]");
      for (i = 0; i < nodes.length; i++) {
        nodes[i].setAttribute("data-skylight-status", state.status);
        nodes[i].textContent = labels[state.status] || state.status;
      }
      nodes = document.querySelectorAll("[data-skylight-error]");
      for (i = 0; i < nodes.length; i++) {
        nodes[i].textContent = state.lastError ? labels[state.lastError.code] || state.lastError.message : "";
        /** @type {HTMLElement} */ (nodes[i]).hidden = !state.lastError;
      }
    }

    // --- screen pops (SKYLIGHT_SCREEN_POP): the connector's behaviour and search endpoint ----

    var popped = {}; // interaction ids (or numbers) popped by this page
    var texts = core.isPlainObject(config.texts) ? config.texts : {};

    function text(name, values) {
      return String(texts[name] || name).replace("{number}", (values && values.number) || "");
    }

    // The caller's numbers of a search-pop: its fuzzy terms, or its strict filter's values.
    function popNumbers(pop) {
      var values = Array.isArray(pop.terms) ? pop.terms.slice() : [];
      if (core.isPlainObject(pop.filter)) {
        Object.keys(pop.filter).forEach(function (key) {
          values = values.concat(pop.filter[key]);
        });
      }
      return values
        .filter(function (value) {
          return (typeof value === "string" && value.trim() && value.length <= 64) || typeof value === "number";
        })
        .map(function (value) {
          return String(value).trim();
        })
        .slice(0, 10);
    }

    // One match opens the record, several show a choice, none offers to create one.
    function screenPop(pop) {
      pop = core.isPlainObject(pop) ? pop : {};
      var numbers = popNumbers(pop);
      // url pops name a CxEngage contact, external-url pops the SDK opens itself.
      if (pop.popType !== "search-pop" || !numbers.length || !config.phoneSearchUrl) {
        return;
      }
      var key = String(pop.interactionId || numbers.join(","));
      if (popped[key]) {
        return;
      }
      popped[key] = true;
      var query = numbers.map(function (number) {
        return "number=" + encodeURIComponent(number);
      });
      fetch(config.phoneSearchUrl + "?" + query.join("&"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status));
        })
        .then(function (found) {
          var records = Array.isArray(found.results) ? found.results : [];
          var shown = (Array.isArray(found.numbers) && found.numbers[0]) || numbers[0];
          tab.events.emit("screenPop", { interactionId: pop.interactionId || null, numbers: numbers, matches: records.length }, {});
          var url = records.length === 1 && core.page.safeUrl(records[0].url);
          if (url) {
            core.page.visit(url);
          } else {
            core.page.showRecords(shown, records, found.createUrl, text);
          }
        })
        .catch(function (error) {
          delete popped[key]; // not popped: a later pop may try again
          tab.fail("SCREEN_POP_FAILED", text("searchFailed") + " (" + error + ")");
        });
    }

    // --- the page's controls: launcher and click-to-dial --------------------------------------

    // The record links of {% crm_connect_tel %}: Skylight dials them while it runs; while it
    // is closed they are left to the connector's click-to-dial, or to the browser.
    var RECORD_LINK = "[data-crm-connect-dial]";
    var RECORD_FIELDS = ["recordId", "objectType", "recordName", "recordUrl"];

    // interactionMetadata: a record link's recordId, objectType, recordName and recordUrl,
    // then data-skylight-metadata='{"json": "object"}', then each
    // data-skylight-meta-some-name="value" as someName.
    function metadataOf(link) {
      /** @type {CrmConnect.JsonObject} */
      var metadata = {};
      if (link.matches(RECORD_LINK)) {
        RECORD_FIELDS.forEach(function (name) {
          var value = link.dataset[name];
          if (value && name === "recordUrl") {
            value = new URL(value, location.href).href; // Skylight is elsewhere: absolute
          }
          if (value) {
            metadata[name] = value;
          }
        });
      }
      var json = link.getAttribute("data-skylight-metadata");
      if (json) {
        try {
          var parsed = core.sanitize(JSON.parse(json));
          if (core.isPlainObject(parsed)) {
            Object.keys(parsed).forEach(function (key) {
              metadata[key] = parsed[key];
            });
          }
        } catch {
          tab.log("warn", "data-skylight-metadata is not a JSON object", json);
        }
      }
      Object.keys(link.dataset).forEach(function (key) {
        if (key.indexOf("skylightMeta") === 0 && key.length > 12 && key !== "skylightMetadata") {
          var name = key.charAt(12).toLowerCase() + key.slice(13);
          metadata[name] = link.dataset[key];
        }
      });
      return metadata;
    }

    function running() {
      return state.status !== "closed" || !!tab.holderId || tab.discovering;
    }

    function dialLink(element) {
      if (config.clickToDial === false) {
        return null;
      }
      return element.closest("[data-skylight-dial]") || (running() ? element.closest(RECORD_LINK) : null);
    }

    // The core's one click dispatcher asks Skylight first (core.page.priority): a link it
    // dials (true) is not also dialled by UCP or the connector; it prevents the default.
    function onClick(event) {
      var element = event.target && event.target.closest ? event.target : null;
      if (!element) {
        return false;
      }
      if (element.closest("[data-skylight-open]")) {
        tab.open().catch(function () {
          /* reported through the status, the error element and the "error" event */
        });
        return false;
      }
      var link = dialLink(element);
      var number = link ? core.page.numberOf(link, "data-skylight-dial") : "";
      if (!number) {
        return false;
      }
      var metadata = metadataOf(link);
      link.setAttribute("data-skylight-dial-state", "dialing");
      // Closed, and no other tab holds Skylight: this click opens it, and the call follows.
      var opening = state.status === "closed" && !tab.holderId && !tab.discovering ? tab.open() : null;
      var call = opening
        ? opening.then(function () {
            return tab.dial(number, metadata);
          })
        : tab.dial(number, metadata);
      call.then(
        function (response) {
          link.setAttribute("data-skylight-dial-state", "dialed");
          tab.events.emit("dial", { phoneNumber: number, interactionMetadata: metadata, response: response, error: null }, {});
        },
        function (error) {
          link.setAttribute("data-skylight-dial-state", "failed");
          tab.events.emit("dial", { phoneNumber: number, interactionMetadata: metadata, response: null, error: error.toJSON ? error.toJSON() : String(error) }, {});
        }
      );
      return true;
    }

    return {
      render: render,
      screenPop: screenPop,
      onClick: onClick,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
