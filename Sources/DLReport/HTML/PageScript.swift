import DLHash

/// The one script a report page carries, inline: it sorts tables marked `sortable` when a column
/// heading is clicked, and enlarges a figure to the whole window when it is clicked (Escape or a
/// second click closes it). It loads nothing and reads nothing but the page; without it the page
/// reads the same, unsorted and unenlarged. The page's Content-Security-Policy allows this exact
/// text by its SHA-256 and no other script.
///
/// The text holds no `<` or `&`, so the page stays well-formed XML.
enum PageScript {
    static let source = """
    (function () {
      "use strict";
      function each(list, f) { Array.prototype.forEach.call(list, f); }
      function key(row, i) {
        var cell = row.cells[i], v = cell.getAttribute("data-sort");
        if (v === null) { return cell.textContent.trim(); }
        v = parseFloat(v);
        return isNaN(v) ? Infinity : v;
      }
      each(document.querySelectorAll("table.sortable"), function (table) {
        var heads = table.tHead.rows[0].cells;
        each(heads, function (th, i) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "sort";
          b.textContent = th.textContent;
          th.textContent = "";
          th.appendChild(b);
          b.addEventListener("click", function () {
            var up = th.getAttribute("aria-sort") !== "ascending";
            each(heads, function (h) { h.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", up ? "ascending" : "descending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = key(a, i), y = key(b, i), d;
              if (typeof x === "number") { d = x === y ? 0 : (x === Infinity ? 1 : (y === Infinity ? -1 : x - y)); }
              else { d = String(x).localeCompare(String(y), undefined, { numeric: true }); }
              return up ? d : -d;
            });
            each(rows, function (r) { body.appendChild(r); });
          });
        });
      });
      function toggle(plot) {
        var open = plot.classList.toggle("zoomed");
        plot.setAttribute("aria-expanded", open ? "true" : "false");
        document.documentElement.classList.toggle("zooming", open);
      }
      each(document.querySelectorAll(".plot[data-zoom]"), function (plot) {
        plot.addEventListener("click", function () { toggle(plot); });
        plot.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(plot); }
        });
      });
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { each(document.querySelectorAll(".plot.zoomed"), toggle); }
      });
    })();
    """

    /// The CSP source that allows exactly `source`: `'sha256-…'`.
    static let cspHash = "'sha256-\(SHA256.hash(data: Array(source.utf8)).base64)'"
}
