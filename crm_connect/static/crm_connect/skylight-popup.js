/*! django-crm-connect: the Skylight popup this tab holds: opening, handshake, closing, taking it
    up again after navigation (docs/skylight.md). Put together by skylight.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("skylight", "popup", function (tab) {
    var LOADED = "skylight/loaded";
    var DEFINED = "skylight/target-origin-defined";
    var ALREADY_DEFINED = "skylight/target-origin-already-defined";
    var CLOSED_TOPIC = "skylight/closed";
    var SCREEN_POP_TOPIC = "cxengage/interactions/screen-pop-received";

    var config = tab.config;
    var state = tab.state;
    var windowName = config.windowName;
    var handshakeTimeout = config.handshakeTimeout;
    var storageKey = "crm-connect:skylight:" + windowName;
    var handshakeTimer = null;
    var pollTimer = null;

    // This tab's mark that it holds a popup: when it was opened, and whether a Skylight page
    // has answered from it since. It survives navigation (sessionStorage is per tab).
    function remember(loaded) {
      var previous = remembered();
      var mark = loaded ? { at: previous ? previous.at : Date.now(), loaded: true } : { at: Date.now(), loaded: false };
      mark.holder = tab.id;
      core.write("sessionStorage", storageKey, mark); // storage disabled: no reconnecting after navigation
    }

    /** @return {any} */
    function remembered() {
      var value = core.read("sessionStorage", storageKey);
      return core.isPlainObject(value) && typeof value.at === "number" ? value : null;
    }

    function forget() {
      core.write("sessionStorage", storageKey, null);
    }

    function startHandshakeTimer(timeout, message) {
      clearTimeout(handshakeTimer);
      handshakeTimer = setTimeout(function () {
        if (state.status === "ready") {
          return;
        }
        var error = tab.fail(
          "HANDSHAKE_TIMEOUT",
          message ||
            "Skylight did not complete its handshake within " + timeout + " ms. Check the Skylight URL, and that this page sends Cross-Origin-Opener-Policy: same-origin-allow-popups."
        );
        if (state.role === "relay" && !tab.holderId) {
          state.role = null; // no tab holds Skylight now: this one may open it
        }
        tab.move("handshake-timeout");
        tab.settleWaiters(error);
        tab.rejectAll(error);
        // The window stays: a late skylight/loaded from it still completes the handshake.
      }, timeout);
    }

    function stopHandshakeTimer() {
      clearTimeout(handshakeTimer);
    }

    function startPolling() {
      clearInterval(pollTimer);
      pollTimer = setInterval(function () {
        if (tab.popup && tab.popup.closed) {
          popupGone("window-closed");
        }
      }, config.pollInterval);
    }

    function popupGone(reason) {
      clearInterval(pollTimer);
      clearTimeout(handshakeTimer);
      tab.popup = null;
      forget();
      tab.markHolder(false);
      var error = tab.SkylightError("CLOSED", "The Skylight window was closed.");
      if (state.status === "opening" && reason === "window-closed") {
        // Gone before a word from Skylight: usually not closed at all, but cut off.
        error = tab.fail(
          "CLOSED",
          "The Skylight window closed, or was cut off from this page, before Skylight loaded. If it is still open, a Cross-Origin-Opener-Policy separates them: this page needs same-origin-allow-popups, and Skylight's page must not send one."
        );
      }
      tab.move(reason); // while still the holder: other tabs hear of it
      state.role = null;
      tab.settleWaiters(error);
      tab.rejectAll(error);
    }

    function hold(win, loaded) {
      tab.popup = win;
      tab.holderId = null;
      state.role = "popup";
      tab.discovering = false;
      tab.markHolder(true);
      remember(loaded);
      startPolling();
      tab.needRelay(); // other tabs may ask for this popup at any time: the holder answers at once
    }

    function controllerInit() {
      tab.channel.post({ skylightController: true, controllerInit: true });
    }

    function onPopupMessage(message) {
      var topic = message.topic;
      if (topic === LOADED) {
        // Answer first: the popup handles controllerInit while this page does its bookkeeping.
        controllerInit();
        remember(true);
        tab.move("loaded");
        startHandshakeTimer(handshakeTimeout);
      } else if (topic === DEFINED || topic === ALREADY_DEFINED) {
        // already-defined comes with error: true, yet means this page is connected.
        remember(true);
        tab.move(topic === ALREADY_DEFINED ? "already-connected" : "connected");
      } else if (topic === CLOSED_TOPIC && tab.popup && !tab.popup.closed) {
        // Sent from beforeunload, which the agent can cancel: while the window is open it is
        // only a warning. Handshake again: a Skylight that stays answers already-defined, a
        // reloading one sends skylight/loaded, a closing one is seen by the poll.
        tab.log("warn", "skylight/closed while the window is still open: handshaking again");
        tab.move("unloading");
        controllerInit();
        startHandshakeTimer(handshakeTimeout);
      } else if (topic === CLOSED_TOPIC) {
        // The popup unloads: closed for good, or reloading (then skylight/loaded follows).
        clearTimeout(handshakeTimer);
        var error = tab.SkylightError("CLOSED", "Skylight was unloaded.");
        tab.move("skylight-closed");
        tab.settleWaiters(error);
        tab.rejectAll(error);
      } else {
        tab.resolveReply(message);
        if (topic === SCREEN_POP_TOPIC && config.screenPop) {
          tab.screenPop(message.response);
        }
      }
      tab.broadcast({ kind: "event", message: message });
      tab.events.emit(topic, message, { relayed: false });
    }

    // Back on a page of the tab that opened Skylight: take the popup up again by its name.
    function reconnect() {
      var mark = remembered();
      if (!mark) {
        return false;
      }
      var win = null;
      try {
        win = window.open("", windowName);
      } catch {
        win = null;
      }
      if (!win) {
        forget();
        return false;
      }
      var blank = false;
      try {
        blank = win.location.href === "about:blank"; // readable: no Skylight page in it
      } catch {
        blank = false; // cross-origin: the Skylight page is still there
      }
      if (blank && (mark.loaded || Date.now() - mark.at > handshakeTimeout)) {
        // No window of that name for this tab: window.open made a new, empty one. Undo it.
        win.close();
        forget();
        tab.forgetHolder(mark.holder); // this tab's previous page held it
        if (mark.loaded) {
          tab.broadcast({ kind: "state", status: "closed" }); // tabs that used it stop waiting
          tab.fail(
            "UNREACHABLE",
            "The Skylight window opened from this tab cannot be reached any more: it was closed, or this tab visited another site or a page with another Cross-Origin-Opener-Policy, which cuts the link. If it is still open, close it and open Skylight again."
          );
        }
        return false;
      }
      hold(win, !blank);
      tab.prefetchSdk();
      if (blank) {
        // Opened moments ago and not loaded yet (the page navigated right after opening).
        win.location.replace(config.popupUrl);
        tab.move("reopening");
      } else {
        tab.move("reconnecting");
        controllerInit();
      }
      startHandshakeTimer(handshakeTimeout);
      return true;
    }

    // --- opening and closing ------------------------------------------------------------------

    function whenReady() {
      if (state.status === "ready") {
        return Promise.resolve(tab.snapshot());
      }
      return new Promise(function (resolve, reject) {
        tab.waiters.push({ resolve: resolve, reject: reject });
      });
    }

    // Call from a click (popup blockers). Resolves when the handshake completes; rejects
    // with POPUP_BLOCKED, HANDSHAKE_TIMEOUT or CLOSED.
    function open(options) {
      options = options || {};
      var popup = tab.popup;
      if (state.role === "popup" && popup && !popup.closed) {
        try {
          popup.focus();
        } catch {
          /* focusing is best effort */
        }
        if (state.status === "closed") {
          // Known window that did not answer: try the handshake again.
          tab.move("retry");
          controllerInit();
          startHandshakeTimer(tab.positive(options.timeout, handshakeTimeout));
        }
        return whenReady();
      }
      if ((state.role === "relay" && tab.holderId) || tab.discovering) {
        tab.broadcast({ kind: "focus" }); // another tab holds Skylight: use it, do not open a second one
        return whenReady();
      }
      var win = null;
      try {
        win = window.open(config.popupUrl, windowName, config.windowFeatures);
      } catch {
        win = null;
      }
      if (!win) {
        var blocked = tab.fail("POPUP_BLOCKED", "The Skylight popup was blocked. Allow popups for this site, then open Skylight again.");
        tab.move("popup-blocked");
        tab.settleWaiters(blocked);
        tab.rejectAll(blocked);
        return Promise.reject(blocked);
      }
      var promise = whenReady();
      hold(win, false);
      tab.prefetchSdk();
      tab.move("opened");
      startHandshakeTimer(tab.positive(options.timeout, handshakeTimeout));
      return promise;
    }

    function close() {
      if (state.role === "popup" && tab.popup) {
        tab.popup.close();
        popupGone("closed-by-page");
      }
    }

    return {
      startHandshakeTimer: startHandshakeTimer,
      stopHandshakeTimer: stopHandshakeTimer,
      onPopupMessage: onPopupMessage,
      reconnect: reconnect,
      open: open,
      close: close,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
