// Shared by the pages: calls to the API with the session cookie, and the way back to sign-in.
export const CSRF_HEADERS = { "X-Replicast-CSRF": "1" };

export class SignedOut extends Error {}

/** Go to the sign-in page, coming back here afterwards. */
export function toSignIn(reason) {
  const next = location.pathname + location.search;
  location.assign(`/sign-in?reason=${encodeURIComponent(reason)}&next=${encodeURIComponent(next)}`);
}

/** The sign-in page's reason code for a 401 error message. */
export function reasonOf(message) {
  if (/revoked/.test(message)) return "revoked";
  if (/unknown|malformed/.test(message)) return "unknown";
  return "expired";
}

/** The {type, message} of an API error response (or a stand-in when the body is not one). */
export async function errorOf(response) {
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.message === "string") return body.error;
  } catch (e) {
    /* not JSON */
  }
  return { type: "HttpError", message: `${response.status} ${response.statusText || "error"}` };
}

/** fetch() for the API: the CSRF header on, a 401 sends the page to sign-in. */
export async function api(method, url, { body, json } = {}) {
  const headers = { ...CSRF_HEADERS };
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  const response = await fetch(url, { method, body, headers, credentials: "same-origin" });
  if (response.status === 401) {
    const error = await errorOf(response);
    toSignIn(reasonOf(error.message));
    throw new SignedOut(error.message);
  }
  return response;
}

/** An element with attributes and children; text is always set as text, never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function formatBytes(n) {
  const units = ["bytes", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return i === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[i]}`;
}

export function formatWhen(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (v) => String(v).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
