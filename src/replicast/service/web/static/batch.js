// The batch page: counts, overall progress and every job's row, kept live until the batch is finished.
import { api, errorOf, SignedOut } from "./api.js";
import { followRows, markInitialRows } from "./rows.js";

const section = document.getElementById("batch");
const batchId = section.dataset.batchId;
const bar = document.getElementById("batch-progress");
const text = document.getElementById("batch-progress-text");
const cancel = document.getElementById("batch-cancel");

function showCounts(batch) {
  const done = batch.total - (batch.counts.queued || 0) - (batch.counts.running || 0);
  bar.max = batch.total;
  bar.value = done;
  const words = `${done} of ${batch.total} finished`;
  if (text.textContent !== words) text.textContent = words;
  for (const n of document.querySelectorAll("#batch-counts .count-n")) {
    n.textContent = String(batch.counts[n.dataset.state] || 0);
  }
  cancel.hidden = batch.finished;
}

cancel.addEventListener("click", async () => {
  cancel.disabled = true;
  try {
    const response = await api("POST", `/v1/batches/${encodeURIComponent(batchId)}/cancel`);
    if (response.ok) showCounts(await response.json());
    else text.textContent = `Could not cancel: ${(await errorOf(response)).message}`;
  } catch (e) {
    if (!(e instanceof SignedOut)) text.textContent = e.message;
  } finally {
    cancel.disabled = false;
  }
});

const tbody = document.querySelector("#jobs-table tbody");
markInitialRows(tbody);
followRows(`/web/jobs.json?batch_id=${encodeURIComponent(batchId)}`, tbody, {
  newestFirst: false,
  onData: (data) => {
    if (data.batch) showCounts(data.batch);
    return !(data.batch && data.batch.finished);
  },
});
