// dondoc dashboard: sortable and filterable tables, and the two sign-in pages. No libraries.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : "";
  }

  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-sort") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "vi");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (header) {
      header.tabIndex = 0;
      var index = header.cellIndex;
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { sortBy(table, header, index); }
      });
    });
  });

  var text = document.getElementById("filter");
  var state = document.getElementById("state-filter");
  var agencies = document.getElementById("agencies");
  function applyFilter() {
    var words = (text.value || "").toLowerCase().trim();
    var wanted = state.value;
    Array.prototype.forEach.call(agencies.tBodies[0].rows, function (row) {
      var show = (!words || (row.getAttribute("data-name") || "").indexOf(words) >= 0) &&
        (!wanted || row.getAttribute("data-state") === wanted);
      row.hidden = !show;
    });
  }
  if (text && state && agencies) {
    text.addEventListener("input", applyFilter);
    state.addEventListener("change", applyFilter);
  }

  // A sign-in link: post its token at once (a link previewer, which runs no script, uses nothing).
  var login = document.querySelector("form[data-autosubmit]");
  if (login) { login.submit(); }

  // The Telegram Mini App: Telegram puts the signed initData in the URL fragment.
  var miniApp = document.querySelector("form[data-miniapp]");
  if (miniApp) {
    var fragment = new URLSearchParams(window.location.hash.slice(1));
    var data = fragment.get("tgWebAppData");
    if (data) {
      miniApp.elements.init_data.value = data;
      miniApp.submit();
    } else {
      document.getElementById("tg-missing").hidden = false;
    }
  }
})();
