/* Holos in the browser: keyboard comfort on top of pages that work without it.
 *
 * - Menus (details.menu) close on Escape or a click elsewhere.
 * - The plan grid's month cells are one Tab stop per table (a roving tabindex);
 *   arrow keys, Home and End move between cells.
 * - After an in-place edit or a month toggle, focus returns to the edited row:
 *   to the same month cell, or to the row's Edit link. Escape cancels an edit.
 */
(function () {
  "use strict";

  // Menus --------------------------------------------------------------------------------
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except && !menu.contains(except)) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest("details.menu");
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest("details.menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
      return;
    }
    var editRow = event.target.closest && event.target.closest("tr.edit-row");
    if (editRow) {
      var cancel = editRow.querySelector("[data-cancel]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    }
  });

  // The grid's roving tabindex ------------------------------------------------------------
  function cells(table) {
    return Array.prototype.slice.call(table.querySelectorAll("td.m button"));
  }
  function rove(table, keep) {
    var all = cells(table);
    if (!all.length) return;
    var current = keep && all.indexOf(keep) >= 0 ? keep : table.querySelector("td.m button[tabindex='0']");
    if (!current || all.indexOf(current) < 0) current = all[0];
    all.forEach(function (button) { button.tabIndex = button === current ? 0 : -1; });
  }
  function initGrids(root) {
    (root || document).querySelectorAll("table.grid[data-roving]").forEach(function (table) { rove(table); });
  }
  function move(button, key) {
    var cell = button.closest("td");
    var row = cell.parentElement;
    var table = row.closest("table");
    var rowCells = Array.prototype.slice.call(row.querySelectorAll("td.m button"));
    var index = rowCells.indexOf(button);
    var target = null;
    if (key === "ArrowRight") target = rowCells[index + 1];
    else if (key === "ArrowLeft") target = rowCells[index - 1];
    else if (key === "Home") target = rowCells[0];
    else if (key === "End") target = rowCells[rowCells.length - 1];
    else if (key === "ArrowDown" || key === "ArrowUp") {
      var rows = Array.prototype.slice.call(table.querySelectorAll("tr")).filter(function (tr) {
        return tr.querySelector("td.m button");
      });
      var next = rows[rows.indexOf(row) + (key === "ArrowDown" ? 1 : -1)];
      if (next) {
        var nextCells = next.querySelectorAll("td.m button");
        target = nextCells[Math.min(index, nextCells.length - 1)];
      }
    }
    if (target) {
      rove(table, target);
      target.focus();
    }
    return Boolean(target);
  }
  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest("table.grid[data-roving] td.m button");
    if (!button) return;
    if (["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End"].indexOf(event.key) < 0) return;
    if (move(button, event.key)) event.preventDefault();
  });
  document.addEventListener("focusin", function (event) {
    var button = event.target.closest && event.target.closest("table.grid[data-roving] td.m button");
    if (button) rove(button.closest("table"), button);
  });

  // Focus after htmx swaps -------------------------------------------------------------------
  var pending = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    var row = source.closest ? source.closest("tr[id^='activity-']") : null;
    var submitter = document.activeElement;
    if (!row && source.id && source.id.indexOf("slots-") === 0) {
      row = document.getElementById("activity-" + source.id.slice(6));
    }
    if (!row) return;
    pending = {
      row: row.id,
      slot: submitter && submitter.name === "slot" ? submitter.value : null,
      editing: row.classList.contains("edit-row"),
    };
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!pending) return;
    var row = document.getElementById(pending.row);
    var slot = pending.slot;
    var wasEditing = pending.editing;
    pending = null;
    if (!row) return;
    var table = row.closest("table");
    if (row.classList.contains("edit-row")) {
      var field = row.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
      return;
    }
    var target = null;
    if (slot) target = row.querySelector("td.m button[value='" + slot + "']");
    if (!target) target = row.querySelector("[data-edit]");
    if (table && table.hasAttribute("data-roving")) rove(table, slot ? target : null);
    if (target) target.focus();
    if (wasEditing) {
      row.classList.add("is-saved");
    }
  });
  document.addEventListener("htmx:load", function (event) { initGrids(event.detail.elt.parentElement); });
  document.addEventListener("DOMContentLoaded", function () { initGrids(document); });
})();

/* A form sent back with problems: the summary of them takes the focus, as GOV.UK's does. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

/* A long list to choose from (select[data-searchable]) gets a box that narrows it as one types. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-searchable]").forEach(function (select, index) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = "search-" + (select.id || index);
    box.className = "select-search";
    box.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "help";
    label.textContent = select.getAttribute("data-searchable");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLocaleLowerCase();
      select.querySelectorAll("optgroup").forEach(function (group) {
        var groupMatches = group.label.toLocaleLowerCase().indexOf(words) >= 0;
        var shown = 0;
        group.querySelectorAll("option").forEach(function (option) {
          var match = !words || groupMatches || option.textContent.toLocaleLowerCase().indexOf(words) >= 0;
          option.hidden = !match;
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  });
});
