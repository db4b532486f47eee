/*! django-crm-connect: the connector features' calls and records: click-to-dial, screen
    pops, the dialled record (docs/connector-features.md). Put together by connector-features.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("connector", "calls", function (kit) {
    var config = kit.config;
    var channel = kit.channel;
    var state = kit.state;
    var send = kit.send;
    var readStore = kit.readStore;
    var writeStore = kit.writeStore;
    var object = kit.object;
    var has = kit.has;
    var api = kit.api;
    var text = kit.text;
    var openUrl = kit.openUrl;
    var notifyError = kit.notifyError;
    var failed = kit.failed;
    var lookup = kit.lookup;
    var page = kit.page;
    var safeUrl = page.safeUrl;
    var urls = config.urls;

    // Click-to-dial
    var HINT = "crm-connect-dial-hint";

    function showClickToDial() {
      document.documentElement.setAttribute("data-crm-connect-click-to-dial", state.clickToDial ? "on" : "off");
      var links = document.querySelectorAll("a[data-crm-connect-dial]");
      for (var i = 0; i < links.length; i++) {
        if (state.clickToDial) {
          links[i].setAttribute("aria-describedby", HINT);
        } else if (links[i].getAttribute("aria-describedby") === HINT) {
          links[i].removeAttribute("aria-describedby");
        }
      }
      if (!document.getElementById(HINT)) {
        var hint = document.createElement("span");
        hint.id = HINT;
        hint.hidden = true;
        hint.textContent = text("dialHint");
        document.body.appendChild(hint);
      }
    }

    function setClickToDial(enabled) {
      state.clickToDial = !!enabled;
      writeStore("sessionStorage", "clickToDial", { enabled: state.clickToDial });
      showClickToDial();
      channel.emit("clickToDial", { enabled: state.clickToDial });
      return state.clickToDial;
    }

    function clickToDialResponse(link) {
      function attribute(name) {
        return link.getAttribute("data-record-" + name) || "";
      }
      var number = page.numberOf(link);
      var id = attribute("id");
      var name = attribute("name");
      var email = attribute("email");
      var url = safeUrl(attribute("url")) || "";
      var type = link.getAttribute("data-object-type") || "";
      // The vendor's shape: createCTDMessage in its sample's src/javascripts/utils/utils.js
      var result = { number: number, objectType: type, recordId: id, recordName: name, email: email, url: url };
      return {
        onClickToDialResponse: result,
        clickToDialLogDetails: { id: id, name: name, personAccount: true, type: type },
        softphoneItems: [],
        doNotCall: false,
        crmEmails: email,
        crmPhones: [number],
        nameObjects: null,
        relatedToObjects: [{ isName: false, isRelatedTo: true, pageInfo: { recordId: id, url: url, recordName: name, objectType: type } }],
        pageInfo: Object.assign({}, result),
      };
    }

    // asked after Skylight and UCP (channel-page.js)
    page.handle(page.priority.connector, function (event) {
      var target = /** @type {Element} */ (event.target);
      var link = state.clickToDial && target.closest && target.closest("a[data-crm-connect-dial]");
      if (!link || !page.numberOf(link)) {
        return false;
      }
      var data = clickToDialResponse(link);
      var dialed = data.pageInfo;
      if (dialed.recordId && dialed.url) {
        // Remembered for requestNavigateToClickToDialResult: the last 50 in this tab.
        var urlsById = readStore("sessionStorage", "dialed");
        urlsById[dialed.recordId] = dialed.url;
        var ids = Object.keys(urlsById);
        if (ids.length > 50) {
          delete urlsById[ids[0]];
        }
        writeStore("sessionStorage", "dialed", urlsById);
      }
      send("clickToDialResponse", data);
      return true;
    });

    function navigateToResult(message) {
      var data = object(message.data);
      var id = typeof data.recordId === "number" ? String(data.recordId) : data.recordId;
      if (typeof id !== "string" || !id || id.length > 64) {
        channel.log("debug", "requestNavigateToClickToDialResult without a recordId", data);
        return;
      }
      if (openUrl(readStore("sessionStorage", "dialed")[id])) {
        return;
      }
      api("GET", String(urls.record).replace("__id__", encodeURIComponent(id))).then(function (result) {
        if (!result.ok || !openUrl(object(result.json).url)) {
          notifyError(text("recordNotFound"));
        }
      }, failed("recordNotFound"));
    }

    // Screen pop
    var POP_ID_TTL = 12 * 3600 * 1000; // an identified interaction: never twice in a shift
    var POP_ANI_TTL = 2 * 60 * 1000; // numbers only: the same call, re-sent after a reload
    var popKeys = config.screenPopKeys;

    function popKey(data, numbers) {
      for (var i = 0; i < popKeys.length; i++) {
        var value = lookup(data, String(popKeys[i]));
        if ((typeof value === "string" && value) || typeof value === "number") {
          return { key: "id:" + value, ttl: POP_ID_TTL };
        }
      }
      return { key: "ani:" + numbers, ttl: POP_ANI_TTL };
    }

    // Claims the pop; false when it was popped already (in this or another tab).
    function claimPop(pop) {
      var now = Date.now();
      var pops = readStore("localStorage", "screenPops");
      var kept = {};
      Object.keys(pops).forEach(function (key) {
        if (object(pops[key]).until > now) {
          kept[key] = pops[key];
        }
      });
      if (has(kept, pop.key)) {
        return false;
      }
      var keys = Object.keys(kept);
      while (keys.length >= 200) {
        delete kept[keys.shift()];
      }
      kept[pop.key] = { until: now + pop.ttl };
      writeStore("localStorage", "screenPops", kept);
      return true;
    }
    function releasePop(pop) {
      var pops = readStore("localStorage", "screenPops");
      delete pops[pop.key];
      writeStore("localStorage", "screenPops", pops);
    }

    function screenPop(message) {
      var data = object(message.data);
      var numbers = (Array.isArray(data.aniValues) ? data.aniValues : [])
        .filter(function (value) {
          return (typeof value === "string" && value.trim() && value.length <= 64) || typeof value === "number";
        })
        .map(function (value) {
          return String(value).trim();
        })
        .slice(0, 10);
      if (!numbers.length) {
        channel.log("debug", "screen pop without aniValues", data);
        return;
      }
      var pop = popKey(data, numbers);
      if (!claimPop(pop)) {
        channel.emit("screenPopSuppressed", { key: pop.key });
        return;
      }
      var query = numbers.map(function (number) {
        return "number=" + encodeURIComponent(number);
      });
      api("GET", urls.phoneSearch + "?" + query.join("&"))
        .then(function (result) {
          var found = object(result.json);
          var records = found.results;
          if (!result.ok || !Array.isArray(records)) {
            throw new Error("phone search failed with HTTP " + result.status);
          }
          var shown = (found.numbers && found.numbers[0]) || numbers[0];
          channel.emit("screenPop", { key: pop.key, matches: records.length });
          if (records.length === 1) {
            openUrl(records[0].url);
          } else {
            channel.emit("dialog", { kind: page.showRecords(shown, records, found.createUrl, text) });
          }
        })
        .catch(function (error) {
          releasePop(pop); // not popped: the connector may ask again
          failed("searchFailed")(error);
        });
    }

    state.clickToDial = !!readStore("sessionStorage", "clickToDial").enabled;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", showClickToDial);
    } else {
      showClickToDial();
    }

    return {
      setClickToDial: setClickToDial,
      navigateToResult: navigateToResult,
      screenPop: screenPop,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
