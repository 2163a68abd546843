// Job rows of the jobs list and the batch page, kept up to date from /web/jobs.json.
import { api, el, formatWhen, SignedOut, sleep } from "./api.js";

const ACTIVE = new Set(["queued", "running"]);
const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function progressCell(job) {
  const cell = el("td", { class: "cell-progress", role: "cell" });
  if (job.state === "failed" && job.error) {
    cell.append(el("span", { class: "row-error", text: job.error.message }));
  } else if (ACTIVE.has(job.state)) {
    cell.append(
      el("progress", { max: "1", value: String(job.progress), "aria-label": `Progress of ${job.filename}` }),
      el("span", { class: "sub", text: job.stage }),
    );
  } else if (job.state === "succeeded" && job.result) {
    const cached = job.cached ? " · cached" : "";
    const text = `${count(job.result.screens, "screen")} · ${count(job.result.events, "event")}${cached}`;
    cell.append(el("span", { text }));
  } else {
    cell.append(el("span", { class: "sub", text: job.stage }));
  }
  return cell;
}

/** A fresh <tr> for a job (all text set as text). */
export function jobRow(job) {
  const link = el("a", { href: `/jobs/${encodeURIComponent(job.id)}`, text: job.filename || job.video_id });
  return el(
    "tr",
    { "data-job-id": job.id, "data-state": job.state, role: "row" },
    el("th", { scope: "row", class: "cell-file", role: "rowheader" }, link, el("span", { class: "sub", text: job.id })),
    el("td", { class: "cell-state", role: "cell" }, el("span", { class: `badge state-${job.state}`, text: job.state })),
    progressCell(job),
    el(
      "td",
      { class: "cell-when", role: "cell" },
      el("time", { datetime: job.created_at, text: formatWhen(job.created_at) }),
    ),
  );
}

/** Update `tbody` in place: changed rows are replaced (focus kept if it was inside), new ones added. */
export function applyRows(tbody, jobs, { newestFirst }) {
  const empty = tbody.querySelector(".empty-row");
  const existing = new Map([...tbody.querySelectorAll("tr[data-job-id]")].map((tr) => [tr.dataset.jobId, tr]));
  for (const job of newestFirst ? [...jobs].reverse() : jobs) {
    const row = jobRow(job);
    const old = existing.get(job.id);
    if (old) {
      if (old.dataset.sig === signature(job)) continue;
      const hadFocus = old.contains(document.activeElement);
      row.dataset.sig = signature(job);
      old.replaceWith(row);
      if (hadFocus) row.querySelector("a").focus();
    } else {
      row.dataset.sig = signature(job);
      if (newestFirst) tbody.prepend(row);
      else tbody.insertBefore(row, empty);
    }
  }
  if (empty) empty.hidden = tbody.querySelector("tr[data-job-id]") !== null;
}

function signature(job) {
  return [job.state, job.stage, Math.round(job.progress * 100), job.error ? job.error.message : ""].join("|");
}

/** Poll `url` for rows: every `fast` ms while jobs run, every `slow` ms otherwise; `onData` sees each answer. */
export async function followRows(url, tbody, { newestFirst, onData = () => true, fast = 1500, slow = 5000 }) {
  for (;;) {
    let active = false;
    try {
      const response = await api("GET", url);
      if (response.ok) {
        const data = await response.json();
        applyRows(tbody, data.items, { newestFirst });
        active = data.items.some((job) => ACTIVE.has(job.state));
        if (onData(data) === false) return;
      }
    } catch (e) {
      if (e instanceof SignedOut) return;
    }
    await sleep(active ? fast : slow);
  }
}

export function markInitialRows(tbody) {
  for (const tr of tbody.querySelectorAll("tr[data-job-id]")) tr.dataset.sig = "";
}
