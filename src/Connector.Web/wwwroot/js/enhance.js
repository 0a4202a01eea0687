// Comfort on top of server-rendered pages: dialogs, fields that follow a choice, values kept across a switch,
// focus on the first error, and Edit in a dialog on the lists. enhance() runs on the page and on whatever a
// dialog loads into it, so a form behaves the same in both.
(function () {
  "use strict";

  function enhance(root) {
    openDialogsFrom(root);
    stackTables(root);
    keepTypedValues(root);
    showFieldsForChoices(root);
    for (const button of root.querySelectorAll("dialog [data-closes]")) button.addEventListener("click", () => button.closest("dialog").close());
    // A dialog the server rendered open becomes a real modal: focus stays inside, Escape closes it.
    for (const dialog of root.querySelectorAll("dialog[data-modal][open]")) {
      dialog.close();
      dialog.showModal();
    }
    // A form sent back with errors puts the admin on the first one.
    const firstError = root.querySelector("[aria-invalid=true]");
    if (firstError) firstError.focus();
  }

  // A button or link with data-opens opens that dialog (a link's own page is the no-script way); when the
  // dialog closes, focus goes back to what opened it.
  const openedBy = new WeakMap();
  function openDialogsFrom(root) {
    for (const trigger of root.querySelectorAll("[data-opens]")) {
      const dialog = document.getElementById(trigger.dataset.opens);
      if (!dialog) continue;
      trigger.addEventListener("click", event => {
        event.preventDefault();
        if (trigger.dataset.deleteName) askToDelete(dialog, trigger.dataset);
        openedBy.set(dialog, trigger);
        dialog.showModal();
      });
      // One dialog may serve many triggers (a list's Delete): focus returns to the one that opened it.
      if (!dialog.dataset.returnsFocus) {
        dialog.dataset.returnsFocus = "true";
        dialog.addEventListener("close", () => openedBy.get(dialog)?.focus());
      }
    }
    for (const link of root.querySelectorAll("a[data-opens-in-dialog]")) link.addEventListener("click", event => openPageInDialog(event, link));
  }

  // The list's one Delete dialog, said for the row that opened it; a row that cannot be deleted yet gets only Close.
  function askToDelete(dialog, row) {
    const blocked = row.deleteBlocked;
    dialog.querySelector("h2").textContent = blocked ? `“${row.deleteName}” cannot be deleted yet` : `Delete “${row.deleteName}”?`;
    dialog.querySelector("p").textContent = blocked || row.deleteWhat;
    dialog.querySelector("form").action = row.deleteAction;
    dialog.querySelector("[data-delete-confirm]").hidden = Boolean(blocked);
    dialog.querySelector("[data-closes]").textContent = blocked ? "Close" : "Cancel";
  }

  // Edit on a list opens the edit page's form in a modal; saving posts it as the page would.
  async function openPageInDialog(event, link) {
    event.preventDefault();
    let html;
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch {
      location.href = link.href; // the page itself says what went wrong
      return;
    }
    const page = new DOMParser().parseFromString(html, "text/html").querySelector("main.page");
    const dialog = document.createElement("dialog");
    dialog.className = "modal modal-wide";
    dialog.setAttribute("aria-labelledby", "edit-dialog-title");
    const title = page.querySelector("h1");
    const heading = document.createElement("h2");
    heading.id = "edit-dialog-title";
    heading.textContent = title ? title.textContent : link.textContent;
    dialog.append(heading);
    for (const part of page.querySelectorAll(":scope > form, :scope > dialog")) dialog.append(document.adoptNode(part));
    for (const close of dialog.querySelectorAll("[data-closes-dialog]")) close.addEventListener("click", e => { e.preventDefault(); dialog.close(); });
    dialog.addEventListener("close", () => { dialog.remove(); link.focus(); });
    document.body.append(dialog);
    enhance(dialog);
    dialog.showModal();
    const first = dialog.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  // Narrow frames stack list tables into cards; each cell shows its column's header (see site.css).
  function stackTables(root) {
    for (const table of root.querySelectorAll("table.stack")) {
      const headers = [...table.querySelectorAll("thead th")].map(th => th.querySelector(".visually-hidden") ? "" : th.textContent.trim());
      for (const row of table.querySelectorAll("tbody tr"))
        [...row.children].forEach((cell, i) => { if (!cell.hasAttribute("data-label")) cell.dataset.label = headers[i] || ""; });
    }
  }

  // Switching a source's type keeps what was typed in the fields both types share (never secrets or files).
  const typed = "connector-typed";
  function keepTypedValues(root) {
    for (const tabs of root.querySelectorAll("[data-keeps-typed]")) {
      tabs.addEventListener("click", event => {
        const form = root.querySelector("form[data-restores-typed]");
        if (!event.target.closest("a") || !form) return;
        const values = {};
        for (const field of form.querySelectorAll("input[type=text], input[type=email], input[type=url], input[type=date]"))
          if (field.name && field.value) values[field.name] = field.value;
        sessionStorage.setItem(typed, JSON.stringify(values));
      });
    }
    const kept = JSON.parse(sessionStorage.getItem(typed) || "{}");
    sessionStorage.removeItem(typed);
    for (const form of root.querySelectorAll("form[data-restores-typed]"))
      for (const [name, value] of Object.entries(kept)) {
        const field = form.querySelector(`input[name="${CSS.escape(name)}"]:not([type=password]):not([type=file])`);
        if (field && !field.value) field.value = value;
      }
  }

  // Fields that only matter for some choices (a schedule's time and day) show only for those.
  function showFieldsForChoices(root) {
    for (const select of root.querySelectorAll("select[data-controls-shown]")) {
      const sync = () => {
        for (const field of select.form.querySelectorAll("[data-shown-for]")) field.hidden = !field.dataset.shownFor.split(" ").includes(select.value);
      };
      select.addEventListener("change", sync);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    enhance(document);
    for (const message of document.querySelectorAll("[data-flag]")) {
      if (window.AP && window.AP.flag) window.AP.flag.create({ title: message.textContent.trim(), type: message.dataset.flag, close: "auto" });
    }
  });
})();
