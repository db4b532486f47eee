// The DOM events each module dispatches on document: crm-connect:<module>:<key>.
export {};

document.addEventListener("crm-connect:connector:connected", (event) => {
  const crmData: CrmConnect.JsonObject = event.detail.data;
  const key: string = event.detail.key;
  console.log(key, crmData);
});
document.addEventListener("crm-connect:connector:error", (event) => console.warn(event.detail.data.message));
document.addEventListener("crm-connect:connector:timeout", (event) => console.warn(event.detail.data.origin));
document.addEventListener("crm-connect:connector:navigate", (event) => console.log(event.detail.data.url));
document.addEventListener("crm-connect:connector:clickToDial", (event) => console.log(event.detail.data.enabled));
document.addEventListener("crm-connect:connector:dialog", (event) => console.log(event.detail.data.kind));
document.addEventListener("crm-connect:connector:screenPop", (event) => console.log(event.detail.data.matches));
document.addEventListener("crm-connect:connector:screenPopSuppressed", (event) => console.log(event.detail.data.key));
document.addEventListener("crm-connect:connector:logSaved", (event) => console.log(event.detail.data.taskId));
document.addEventListener("crm-connect:connector:logRetry", (event) => console.log(event.detail.data.attempt));
document.addEventListener("crm-connect:connector:logFailed", (event) => console.log(event.detail.data.reason));
document.addEventListener("crm-connect:connector:logRejected", (event) => console.log(event.detail.data.reason));
document.addEventListener("crm-connect:connector:requestCrmData", (event) => console.log(event.detail.data, event.detail.extra));

document.addEventListener("crm-connect:ucp:sent", (event) => console.log(event.detail.data.type, event.detail.extra.targetOrigins));
document.addEventListener("crm-connect:ucp:refused", (event) => console.log(event.detail.data.reason));
document.addEventListener("crm-connect:ucp:not-framed", (event) => console.log(event.detail.data.type));

document.addEventListener("crm-connect:skylight:state", (event) => {
  const status: CrmConnect.SkylightStatus = event.detail.data.status;
  console.log(status, event.detail.extra.previous);
});
document.addEventListener("crm-connect:skylight:error", (event) => console.log(event.detail.data.code));
document.addEventListener("crm-connect:skylight:dial", (event) => console.log(event.detail.data.phoneNumber));
document.addEventListener("crm-connect:skylight:cxengage/interactions/work-offer-received", (event) => {
  const detail: CrmConnect.EventDetail = event.detail;
  console.log(detail.key, detail.data, detail.extra);
});

const typed: CrmConnect.DomEvent<{ message: string }, undefined> = new CustomEvent("crm-connect:connector:error", {
  detail: { key: "error", data: { message: "x" }, extra: undefined },
});
document.dispatchEvent(typed);
