// crmConnect.ucp: the page inside a UCP tab.
export {};

const ucp: CrmConnect.Ucp | undefined = window.crmConnect?.ucp;
if (ucp) {
  const framed: boolean = ucp.isFramed() && ucp.inUcp();
  const targets: string[] = ucp.targetOrigins();
  const field: string = ucp.makeCallField;

  const results: boolean[] = [
    ucp.send("CUSTOM_COMMAND"),
    ucp.send("CUSTOM_COMMAND", { anything: ["json", 1, true, null] }),
    ucp.send("CUSTOM_COMMAND", null),
    ucp.closeTab(),
    ucp.closeTab(null),
    ucp.closeTab({ id: "tab-1" }),
    ucp.closeTab({ id: 3 }),
    ucp.closeTab({}),
    ucp.makeCall("+1 555 0100"),
    ucp.makeCall(5550100),
    ucp.makeCall("+15550100", { recordId: "42" }),
    ucp.reveal(),
    ucp.reveal(document.body),
  ];

  const off = ucp.on("sent", (message: CrmConnect.UcpMessage, extra) => {
    console.log(message.type, message.payload, extra.targetOrigins.join(" "));
  });
  off();
  ucp.on("refused", (data, extra: undefined) => console.log(data.reason, data.message.type, extra));
  const notFramed = (message: CrmConnect.UcpMessage) => console.log(message.type);
  ucp.on("not-framed", notFramed);
  ucp.off("not-framed", notFramed);

  const config: CrmConnect.UcpConfig = { origins: targets, anyOrigin: false, makeCallField: field, debug: framed,
    load: { scripts: ["/static/crm_connect/ucp.js"], wait: 1000, clicks: "[data-crm-connect-ucp]", hold: "" } };
  console.log(results, config);
}
