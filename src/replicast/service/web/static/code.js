// The code page: in a narrow window the file tree starts folded, so the chosen file comes first.
const toggle = document.querySelector(".tree-toggle");
if (toggle && window.matchMedia("(max-width: 860px)").matches) {
  toggle.open = false;
  const chosen = toggle.querySelector('a[aria-current="page"]');
  toggle.querySelector("summary").textContent = chosen ? `Files (showing ${chosen.textContent})` : "Files";
}
