// Team tasks: a tiny task list kept in localStorage so it survives navigating to About and back.
"use strict";

(function () {
  var STORAGE_KEY = "team-tasks.v1";
  var SEED = [
    { id: 1, text: "Review the pull request", done: true },
    { id: 2, text: "Write the release notes", done: false }
  ];

  var state = { tasks: load(), filter: "all" };

  var form = document.getElementById("new-task");
  var input = document.getElementById("task-input");
  var list = document.getElementById("task-list");
  var counter = document.getElementById("counter");
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));

  function load() {
    try {
      var raw = window.localStorage.getItem(STORAGE_KEY);
      if (raw) { return JSON.parse(raw); }
    } catch (e) { /* storage unavailable: start from the seed */ }
    return SEED.slice();
  }

  function save() {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state.tasks)); } catch (e) { /* ignore */ }
  }

  function visible(task) {
    if (state.filter === "active") { return !task.done; }
    if (state.filter === "done") { return task.done; }
    return true;
  }

  function render() {
    list.textContent = "";
    var shown = state.tasks.filter(visible);
    shown.forEach(function (task) {
      var li = document.createElement("li");
      li.className = "task" + (task.done ? " done" : "");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = task.done;
      box.id = "task-" + task.id;
      box.addEventListener("change", function () {
        task.done = box.checked;
        save();
        render();
      });
      var label = document.createElement("label");
      label.className = "task-text";
      label.htmlFor = box.id;
      label.textContent = task.text;
      li.appendChild(box);
      li.appendChild(label);
      list.appendChild(li);
    });
    if (shown.length === 0) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "Nothing here yet.";
      list.appendChild(empty);
    }
    var left = state.tasks.filter(function (t) { return !t.done; }).length;
    counter.textContent = left + (left === 1 ? " task left" : " tasks left");
    tabs.forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.getAttribute("data-filter") === state.filter));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    var nextId = state.tasks.reduce(function (m, t) { return Math.max(m, t.id); }, 0) + 1;
    state.tasks.push({ id: nextId, text: text, done: false });
    input.value = "";
    save();
    render();
  });

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () {
      state.filter = tab.getAttribute("data-filter");
      render();
    });
  });

  render();
})();
