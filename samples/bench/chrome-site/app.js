"use strict";
(function () {
  var rows = document.getElementById("rows");
  var items = [["Copper wire", "40", false], ["Steel bolts", "1200", true], ["Fuses", "85", false]];
  function render() {
    rows.textContent = "";
    items.forEach(function (it, i) {
      var tr = document.createElement("tr");
      if (it[2]) { tr.className = "done"; }
      [it[0], it[1]].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      var td = document.createElement("td");
      var box = document.createElement("input");
      box.type = "checkbox"; box.checked = !it[2];
      box.addEventListener("change", function () { items[i][2] = !box.checked; render(); });
      td.appendChild(box); tr.appendChild(td); rows.appendChild(tr);
    });
  }
  document.getElementById("add").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var name = document.getElementById("name"), qty = document.getElementById("qty");
    if (!name.value) { return; }
    items.push([name.value, qty.value || "1", false]);
    name.value = ""; qty.value = ""; render();
  });
  var guide = document.getElementById("guide");
  var words = "Count every shelf at the end of the week and write down what is missing so that orders go out on Monday morning".split(" ");
  for (var p = 0; p < 14; p++) {
    var para = document.createElement("p");
    var text = [];
    for (var w = 0; w < 60; w++) { text.push(words[(p * 7 + w) % words.length]); }
    para.textContent = (p + 1) + ". " + text.join(" ") + ".";
    guide.appendChild(para);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (tab) {
    tab.addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (t) {
        t.setAttribute("aria-selected", String(t === tab));
        document.getElementById(t.dataset.tab).hidden = t !== tab;
      });
    });
  });
  render();
}());
