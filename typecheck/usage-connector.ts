// crmConnect.connector: the handshake, its events and the lazily loaded features.
export {};

async function useConnector(connector: CrmConnect.Connector): Promise<void> {
  const origin: string = connector.origin;

  connector.on("connected", (crmData: CrmConnect.JsonObject) => console.log(origin, crmData["callCenterSettings"]));
  connector.on("error", ({ message }) => console.warn(message.length));
  connector.on("timeout", (data) => console.warn(data.origin));
  connector.on("navigate", (data) => console.log(data.url));
  connector.on("clickToDial", (data) => console.log(data.enabled === true));
  connector.on("dialog", (data) => console.log(data.kind === "chooser" || data.kind === "no-match"));
  connector.on("screenPop", (data) => console.log(data.key, data.matches + 1));
  connector.on("screenPopSuppressed", (data) => console.log(data.key));
  connector.on("logSaved", (data) => console.log(data.interactionId, data.taskId));
  connector.on("logRetry", (data) => console.log(data.attempt * 2, data.reason));
  connector.on("logFailed", (data) => console.log(data.interactionId, data.reason));
  connector.on("logRejected", (data) => console.log(data.interactionId, data.reason));
  const stop = connector.on("requestSaveInteractionLog", (message: CrmConnect.ConnectorMessage, info: CrmConnect.MessageInfo) => {
    const action: string = message.action;
    console.log(action, message.type === "CRMConnectMessage", message.data, info.origin, info.source);
  });
  stop();
  const custom = (data: unknown) => console.log(data);
  connector.on("someNewAction", custom);
  connector.off("someNewAction", custom);

  const sent: boolean = connector.send("displayErrorNotification", { textArray: ["hi"] }) && connector.send("ready");

  const shown: boolean = await connector.notify({ text: "Saved" });
  await connector.notify({
    type: "okDialog",
    severity: "WARNING",
    textArray: ["Line one", "Line two"],
    title: "Careful",
    dialogId: 7,
    persist: true,
    store: false,
  });
  for (const type of ["transient", "okDialog", "okCancelDialog", "fixedDialog", "html"] as const) {
    for (const severity of ["EVENT", "INFO", "WARNING", "ERROR", "CRITICAL", "SUCCESS"] as const) {
      await connector.notify({ type, severity, text: type + severity });
    }
  }
  const enabled: boolean = await connector.setClickToDial(true);

  const pending: string[] = connector.pendingLogs();
  const exported: CrmConnect.ExportedLog[] = connector.exportLogs ? connector.exportLogs() : [];
  const discarded: boolean = connector.discardLog ? connector.discardLog("id-1") : false;
  console.log(exported.map((log) => log.json.length + log.interactionId + log.reason), discarded);
  connector.on("rejected", (error) => console.log(error.name, error.code, error.key, error.message));
  connector.on("logTooLarge", (data) => console.log(data.interactionId, data.reason));
  const state: CrmConnect.ConnectorState = connector.state();
  const status: CrmConnect.ConnectorStatus = state.status;
  const counts: number = state.ready + state.crmDataSent + state.logsSaved + state.logFailures;
  const lastError: string | null = state.lastError;
  console.log(sent, shown, enabled, pending, status, counts, lastError, state.clickToDial);

  // Window mode (docs/softphone-window.md): the same API, and the window.
  const mode: CrmConnect.ConnectorMode = connector.mode;
  if (mode === "window" && state.status !== "connected") {
    try {
      await connector.openWindow();
    } catch (error) {
      const code: CrmConnect.SoftphoneError["code"] = (error as CrmConnect.SoftphoneError).code;
      console.log(code === "POPUP_BLOCKED" || code === "WINDOW_CLOSED" || code === "TIMEOUT");
    }
  }
  connector.on("windowClosed", (data) => console.log(data.reason === "signed-out"));
  connector.on("*", (data: unknown, extra: unknown, key: string) => console.log(key, data, extra));
  const closedStatus: CrmConnect.ConnectorStatus[] = ["closed", "opening", "blocked"];
  console.log(closedStatus);
  const page = window.crmConnect?.channel.page;
  if (page) {
    page.visit = (url: string) => console.log("my router goes to", url);
  }
}

// How connector-features.js plugs in (internal, declared because it is there).
function registerFeatures(connector: CrmConnect.Connector): void {
  connector._register?.((core: CrmConnect.ConnectorCore): CrmConnect.ConnectorFeatures => {
    const config: CrmConnect.ConnectorConfig = core.config;
    const urls: string[] = [config.urls.directory, config.urls.phoneSearch, config.urls.record, config.urls.interactionLogs, config.urls.reports];
    const numbers: number = config.logRetry.attempts + config.logRetry.delay + config.handshakeTimeout;
    console.log(urls, numbers, config.origin, config.iframeId, config.crmData, config.crmDataUrl, config.debug);
    console.log(config.userId, config.csrfToken, config.csrfHeader, config.customFields.voice, config.customFields.digital);
    console.log(config.screenPopKeys, config.texts["close"], config.notifications.severityKeys, config.featureUrls[0]);
    core.state.clickToDial = core.send("ready", {});
    core.fail(new Error("example"));
    core.channel.emit("error", { message: "example" });
    return {
      actions: { requestOpenReports: (message) => console.log(message.action) },
      notify: () => true,
      setClickToDial: (enabled) => enabled,
      openWindow: () => {
        throw new Error("docked");
      },
      memoryLogs: {},
      rejected: (error) => console.log(error.code, error.key, error.reason, error.data, config.actions, config.limits),
    };
  });
}

const connector = window.crmConnect?.connector;
if (connector) {
  void useConnector(connector);
  registerFeatures(connector);
}
