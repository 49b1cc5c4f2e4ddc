// Sorting and filtering of a review table. The table is complete and readable without this
// script: it only adds the controls. No network, no libraries.
(function () {
  "use strict";
  // On paper, the numbers behind each chart are shown, not folded away.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) {
      details.open = true;
    });
  });
  var table = document.getElementById("claims");
  var controls = document.getElementById("table-controls");
  if (!table || !controls) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var status = document.getElementById("status-filter");
  var shown = document.getElementById("shown");
  controls.hidden = false;

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = status.value;
    var count = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = (!wanted || row.getAttribute("data-status") === wanted) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !keep;
      if (keep) {
        count += 1;
      }
    });
    shown.textContent = count === rows.length
      ? "Showing all " + rows.length + " claims of this page"
      : "Showing " + count + " of " + rows.length + " claims of this page";
  }

  function sortBy(header, kind) {
    var index = header.cellIndex;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    function key(row) {
      var cell = row.cells[index];
      var value = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
      return kind === "number" ? Number(value) : value;
    }
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a);
      var y = key(b);
      var order = kind === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    var kind = header.getAttribute("data-sort");
    if (!kind) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = header.textContent;
    button.title = "Sort by " + header.textContent.toLowerCase();
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () { sortBy(header, kind); });
  });
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  apply();
})();
