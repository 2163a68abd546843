// The jobs page: drag-and-drop uploads with progress and retries, then a job (one file) or a batch
// (several); and the jobs list, kept live.
import { api, CSRF_HEADERS, el, errorOf, formatBytes, reasonOf, SignedOut, sleep, toSignIn } from "./api.js";
import { followRows, markInitialRows } from "./rows.js";

const AUTO_RETRIES = 3;

const form = document.getElementById("upload-form");
const input = document.getElementById("file-input");
const dropzone = document.getElementById("dropzone");
const list = document.getElementById("upload-list");
const start = document.getElementById("upload-start");
const clear = document.getElementById("upload-clear");
const batchField = document.getElementById("batch-field");
const batchName = document.getElementById("batch-name");
const formError = document.getElementById("upload-error");
const status = document.getElementById("upload-status");
const maxBytes = Number(form.dataset.maxBytes);
const maxBatch = Number(form.dataset.maxBatch);

/** @type {Upload[]} */
let queue = [];
let running = false;

class UploadError extends Error {
  constructor(message, retryable, retryAfterMs = 0) {
    super(message);
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }
}

class Upload {
  constructor(file) {
    this.file = file;
    this.video = null;
    this.progress = el("progress", { max: "1", value: "0", "aria-label": `Upload of ${file.name}` });
    this.status = el("span", { class: "upload-status", text: `${formatBytes(file.size)} · ready` });
    this.buttons = el("span", { class: "upload-buttons" });
    this.row = el(
      "li",
      { class: "upload-item" },
      el("span", { class: "upload-name", text: file.name }),
      this.buttons,
      this.progress,
      this.status,
    );
    if (file.size > maxBytes) {
      this.fail(`Too large: ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} limit.`, false);
    }
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.row.classList.toggle("failed", kind === "failed");
    this.row.classList.toggle("done", kind === "done");
  }

  fail(message, retryable) {
    this.error = message;
    this.say(message, "failed");
    this.buttons.replaceChildren();
    if (retryable) {
      this.buttons.append(
        el("button", { type: "button", class: "button small", text: "Retry", "data-action": "retry" }),
        el("button", { type: "button", class: "button small quiet", text: "Skip", "data-action": "skip" }),
      );
    }
  }

  /** One try: the raw file as the body of POST /v1/videos, with upload progress. */
  send() {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/v1/videos?filename=${encodeURIComponent(this.file.name)}`);
      for (const [k, v] of Object.entries(CSRF_HEADERS)) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader("Content-Type", this.file.type || "application/octet-stream");
      xhr.responseType = "json";
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        this.progress.value = e.loaded / e.total;
        this.say(`${formatBytes(e.loaded)} of ${formatBytes(e.total)} uploaded`);
      };
      xhr.onload = () => {
        const body = xhr.response;
        if (xhr.status === 200 || xhr.status === 201) return resolve(body);
        const message = body && body.error ? body.error.message : `${xhr.status} ${xhr.statusText}`;
        if (xhr.status === 401) {
          toSignIn(reasonOf(message));
          return reject(new SignedOut(message));
        }
        const retryable = xhr.status === 429 || xhr.status >= 500;
        const after = Number(xhr.getResponseHeader("Retry-After") || 0) * 1000;
        reject(new UploadError(message, retryable, after));
      };
      xhr.onerror = () => reject(new UploadError("The connection failed during the upload.", true));
      xhr.ontimeout = () => reject(new UploadError("The upload timed out.", true));
      xhr.send(this.file);
    });
  }

  /** Upload with automatic retries; then wait for the person to retry or skip. Resolves to the video or null. */
  async upload() {
    if (this.error && !this.buttons.childElementCount) return null; // failed for good (too large)
    for (;;) {
      for (let attempt = 1; ; attempt += 1) {
        this.buttons.replaceChildren();
        this.error = null;
        this.say(attempt > 1 ? `Retrying (try ${attempt} of ${AUTO_RETRIES})…` : "Uploading…");
        try {
          this.video = await this.send();
          this.progress.value = 1;
          this.say(this.video ? `Uploaded (${formatBytes(this.file.size)})` : "Uploaded", "done");
          return this.video;
        } catch (e) {
          if (e instanceof SignedOut) throw e;
          if (!e.retryable) {
            this.fail(`Rejected: ${e.message}`, false);
            return null;
          }
          if (attempt >= AUTO_RETRIES) {
            this.fail(`Upload failed: ${e.message}`, true);
            break;
          }
          await sleep(e.retryAfterMs || 1000 * 3 ** (attempt - 1));
        }
      }
      const choice = await new Promise((resolve) => {
        this.buttons.addEventListener("click", (ev) => {
          const action = ev.target.closest("button")?.dataset.action;
          if (action) resolve(action);
        });
      });
      if (choice === "skip") {
        this.fail("Skipped.", false);
        return null;
      }
    }
  }
}

function options() {
  return {
    build: document.getElementById("opt-build").checked,
    check: document.getElementById("opt-check").checked,
  };
}

function refreshControls() {
  const usable = queue.filter((u) => !u.error);
  start.disabled = running || usable.length === 0;
  clear.hidden = running || queue.length === 0;
  batchField.hidden = usable.length < 2;
  if (usable.length > maxBatch) {
    formError.textContent = `A batch holds at most ${maxBatch} recordings; you chose ${usable.length}.`;
    formError.hidden = false;
    start.disabled = true;
  } else {
    formError.hidden = true;
  }
}

function addFiles(files) {
  if (running) return;
  for (const file of files) {
    const item = new Upload(file);
    queue.push(item);
    list.append(item.row);
  }
  status.textContent = `${queue.length} file${queue.length === 1 ? "" : "s"} ready to upload.`;
  refreshControls();
}

function showError(message) {
  formError.textContent = message;
  formError.hidden = false;
}

async function run() {
  running = true;
  refreshControls();
  const items = queue.filter((u) => !u.error);
  const opts = options();
  try {
    // two at a time: large files share the line, small ones do not wait behind them
    const results = new Array(items.length);
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await items[i].upload();
      }
    };
    await Promise.all([lane(), lane()]);
    const videos = results.filter(Boolean);
    if (videos.length === 0) {
      showError("Nothing was uploaded.");
      return;
    }
    if (items.length === 1) {
      const response = await api("POST", "/v1/jobs", { json: { video_id: videos[0].id, options: opts } });
      if (!response.ok) return showError(`The job was not started: ${(await errorOf(response)).message}`);
      const job = await response.json();
      status.textContent = "Uploaded; opening the job.";
      location.assign(`/jobs/${encodeURIComponent(job.id)}`);
    } else {
      const name = batchName.value.trim();
      const response = await api("POST", "/v1/batches", {
        json: { video_ids: videos.map((v) => v.id), options: opts, name },
      });
      if (!response.ok) return showError(`The batch was not started: ${(await errorOf(response)).message}`);
      const batch = await response.json();
      status.textContent = "Uploaded; opening the batch.";
      location.assign(`/batches/${encodeURIComponent(batch.id)}`);
    }
  } catch (e) {
    if (!(e instanceof SignedOut)) showError(`Something went wrong: ${e.message}`);
  } finally {
    running = false;
    refreshControls();
  }
}

input.addEventListener("change", () => {
  addFiles(input.files);
  input.value = "";
});
for (const type of ["dragenter", "dragover"]) {
  dropzone.addEventListener(type, (e) => {
    e.preventDefault();
    dropzone.classList.add("dragging");
  });
}
for (const type of ["dragleave", "drop"]) {
  dropzone.addEventListener(type, (e) => {
    e.preventDefault();
    dropzone.classList.remove("dragging");
  });
}
dropzone.addEventListener("drop", (e) => addFiles(e.dataTransfer.files));
form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!running) run();
});
clear.addEventListener("click", () => {
  queue = [];
  list.replaceChildren();
  status.textContent = "The list is empty.";
  refreshControls();
  input.focus();
});

const tbody = document.querySelector("#jobs-table tbody");
markInitialRows(tbody);
followRows("/web/jobs.json?limit=50", tbody, { newestFirst: true });
