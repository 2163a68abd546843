// The job page: live progress (SSE), the event timeline under the video, the element boxes' tooltips
// and keyboard moves, the preview's fit to the page, and cancel/delete.
import { api, errorOf, SignedOut, sleep } from "./api.js";

const jobEl = document.getElementById("job");
const jobId = jobEl.dataset.jobId;
const actionError = document.getElementById("action-error");

function showActionError(message) {
  actionError.textContent = message;
  actionError.hidden = false;
}

// ---- progress ---------------------------------------------------------------------------------

function showProgress(job) {
  const bar = document.getElementById("job-progress");
  if (!bar) return;
  bar.value = job.progress;
  document.getElementById("progress-text").textContent = `${Math.round(job.progress * 100)}% · ${job.stage}`;
  const badge = document.getElementById("job-state");
  badge.textContent = job.state;
  badge.className = `badge state-${job.state}`;
  const note = document.getElementById("job-note");
  const text = job.note || (job.state === "queued" ? "Waiting for a worker…" : "");
  if (note.textContent !== text) note.textContent = text;
  const stages = [...document.querySelectorAll("#stages .stage")];
  const current = stages.findIndex((li) => li.dataset.stage === job.stage);
  if (current < 0) return;
  stages.forEach((li, i) => {
    const state = i < current ? "done" : i === current ? "current" : "pending";
    li.className = `stage stage-${state}`;
    li.querySelector(".visually-hidden").textContent = ` (${state})`;
  });
}

async function pollUntilDone() {
  for (;;) {
    await sleep(2000);
    try {
      const response = await api("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
      if (response.status === 404) return location.assign("/jobs");
      if (!response.ok) continue;
      const job = await response.json();
      showProgress(job);
      if (!["queued", "running"].includes(job.state)) return location.reload();
    } catch (e) {
      if (e instanceof SignedOut) return;
    }
  }
}

function followProgress() {
  if (!["queued", "running"].includes(jobEl.dataset.state)) return;
  const source = new EventSource(`/v1/jobs/${encodeURIComponent(jobId)}/events`);
  source.addEventListener("progress", (e) => showProgress(JSON.parse(e.data)));
  source.addEventListener("end", () => {
    source.close();
    location.reload();
  });
  source.onerror = () => {
    // a stream cannot say why it failed (a revoked key is a 401): polling the API can
    source.close();
    pollUntilDone();
  };
}

// ---- video + timeline -------------------------------------------------------------------------

function setupTimeline() {
  const video = document.getElementById("video");
  if (!video) return;
  const player = document.getElementById("player");
  const duration = Number(player.dataset.duration) || 0;
  const mark = document.getElementById("click-mark");
  const buttons = [...document.querySelectorAll("#events .event")];
  const marks = [...document.querySelectorAll(".track-mark")];
  const playhead = document.getElementById("playhead");
  const status = document.getElementById("event-status");
  const track = document.getElementById("track");
  let chosen = null;

  function showMark(button, fresh) {
    const hasPoint = Boolean(button) && button.dataset.x !== undefined;
    mark.toggleAttribute("hidden", !hasPoint); // an SVG element has no `hidden` property
    if (!hasPoint) return;
    mark.setAttribute("transform", `translate(${button.dataset.x} ${button.dataset.y})`);
    if (fresh) {
      mark.classList.remove("fresh");
      void mark.getBoundingClientRect();
      mark.classList.add("fresh");
    }
  }

  function highlight(button) {
    for (const b of buttons) b.removeAttribute("aria-current");
    for (const m of marks) m.classList.remove("active");
    if (!button) return;
    button.setAttribute("aria-current", "true");
    marks.find((m) => m.dataset.index === button.dataset.index)?.classList.add("active");
  }

  function choose(button) {
    chosen = button;
    const t = Number(button.dataset.t);
    video.pause();
    // a frame just after the event, where its effect (a focus ring, typed text) has begun to show
    video.currentTime = Math.min(t + 0.05, video.duration || t + 0.05);
    highlight(button);
    showMark(button, true);
    const label = button.querySelector(".event-label").textContent;
    status.textContent = `${label}, at ${button.querySelector(".event-time").textContent}`;
  }

  for (const button of buttons) button.addEventListener("click", () => choose(button));
  for (const m of marks) {
    m.addEventListener("click", (e) => {
      e.stopPropagation();
      const button = buttons.find((b) => b.dataset.index === m.dataset.index);
      if (button) choose(button);
    });
  }
  track.addEventListener("click", (e) => {
    const box = track.getBoundingClientRect();
    const total = video.duration || duration;
    if (!total) return;
    video.currentTime = ((e.clientX - box.left) / box.width) * total;
  });
  video.addEventListener("timeupdate", () => {
    const total = video.duration || duration;
    const x = total ? (video.currentTime / total) * 1000 : 0;
    playhead.setAttribute("x1", x);
    playhead.setAttribute("x2", x);
    if (video.paused && chosen) return;
    chosen = null;
    // while playing: the latest event so far is current; a click shows its mark for a moment
    let latest = null;
    for (const b of buttons) if (Number(b.dataset.t) <= video.currentTime + 0.02) latest = b;
    highlight(latest);
    const recent = latest && video.currentTime - Number(latest.dataset.t) < 0.8;
    showMark(recent ? latest : null, false);
  });
  video.addEventListener("error", () => {
    status.textContent = "This browser cannot play the recording; the events are listed beside it.";
  });
}

// ---- element boxes ----------------------------------------------------------------------------

function setupBoxes() {
  const tip = document.getElementById("box-tip");
  const section = document.getElementById("keyframes");
  if (!tip || !section) return;
  const role = tip.querySelector(".tip-role");
  const text = tip.querySelector(".tip-text");

  function show(box) {
    role.textContent = box.dataset.role;
    text.textContent = box.dataset.text || "(no text)";
    tip.hidden = false;
    const r = box.getBoundingClientRect();
    const s = section.getBoundingClientRect();
    const left = Math.max(4, Math.min(r.left - s.left, s.width - tip.offsetWidth - 4));
    const above = r.top - s.top - tip.offsetHeight - 6;
    tip.style.left = `${left}px`;
    tip.style.top = `${above > 0 ? above : r.bottom - s.top + 6}px`;
    box.classList.add("active");
  }

  function hide(box) {
    tip.hidden = true;
    box.classList.remove("active");
  }

  for (const group of document.querySelectorAll("svg.boxes")) {
    const boxes = [...group.querySelectorAll("rect.box")];
    boxes.forEach((box, i) => {
      box.addEventListener("mouseenter", () => show(box));
      box.addEventListener("mouseleave", () => hide(box));
      box.addEventListener("focus", () => show(box));
      box.addEventListener("blur", () => hide(box));
      // one tab stop per picture; arrows move between its boxes
      box.addEventListener("keydown", (e) => {
        const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
        let next = null;
        if (step) next = boxes[(i + step + boxes.length) % boxes.length];
        else if (e.key === "Home") next = boxes[0];
        else if (e.key === "End") next = boxes[boxes.length - 1];
        else if (e.key === "Escape") return hide(box);
        if (!next) return;
        e.preventDefault();
        box.setAttribute("tabindex", "-1");
        next.setAttribute("tabindex", "0");
        next.focus();
      });
    });
  }
}

// ---- preview ----------------------------------------------------------------------------------

function fitPreview() {
  const frame = document.getElementById("preview-frame");
  if (!frame) return;
  const iframe = frame.querySelector("iframe");
  const width = Number(frame.dataset.width);
  const height = Number(frame.dataset.height);
  frame.style.maxWidth = `${width + 2}px`;
  const fit = () => {
    const scale = Math.min(1, frame.clientWidth / width);
    iframe.style.transform = `scale(${scale})`;
    frame.style.height = `${Math.ceil(height * scale)}px`;
  };
  new ResizeObserver(fit).observe(frame);
  fit();
}

// ---- actions ----------------------------------------------------------------------------------

function setupActions() {
  const cancel = document.getElementById("job-cancel");
  cancel?.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      const response = await api("POST", `/v1/jobs/${encodeURIComponent(jobId)}/cancel`);
      if (!response.ok) showActionError(`Could not cancel: ${(await errorOf(response)).message}`);
      else location.reload();
    } catch (e) {
      if (!(e instanceof SignedOut)) showActionError(e.message);
    } finally {
      cancel.disabled = false;
    }
  });
  const remove = document.getElementById("job-delete");
  remove.addEventListener("click", async () => {
    if (!window.confirm("Delete this job and its results? The uploaded video stays.")) return;
    try {
      const response = await api("DELETE", `/v1/jobs/${encodeURIComponent(jobId)}`);
      if (response.ok) location.assign("/jobs");
      else showActionError(`Could not delete: ${(await errorOf(response)).message}`);
    } catch (e) {
      if (!(e instanceof SignedOut)) showActionError(e.message);
    }
  });
}

followProgress();
setupTimeline();
setupBoxes();
fitPreview();
setupActions();
