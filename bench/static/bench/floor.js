/* The handshake floor: answer the sandbox connector from a constant, nothing else. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("floor-config").textContent);
  window.addEventListener("message", function (event) {
    var frame = document.getElementById("crmConnectIframeId");
    if (event.origin !== config.origin || !frame || event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data;
    if (!data || data.type !== "CRMConnectMessage") {
      return;
    }
    if (data.action === "ready") {
      event.source.postMessage({ type: "ClientAppMessage", action: "ready", data: {} }, config.origin);
    } else if (data.action === "requestCrmData") {
      event.source.postMessage({ type: "ClientAppMessage", action: "crmData", data: config.crmData }, config.origin);
    }
  });
})();
