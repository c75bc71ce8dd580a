// Tandem's progressive enhancements. Every page works without this file; it only adds
// conveniences: confirmations before destructive posts, a copy button for a new token,
// focus on a form's error summary, and the client field shown only for client accounts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // <form data-confirm="Question?">: ask before posting.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }

  // <button data-copy="input-id" hidden>: copies the input's value to the clipboard.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    if (!input || !navigator.clipboard) {
      continue;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
    });
  }

  // An error summary takes focus so screen readers announce it first.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }

  // The user form's client field matters only for client contacts.
  for (const form of document.querySelectorAll("form[data-role-form]")) {
    const role = form.querySelector("select[name=role]");
    const client = form.querySelector("[data-client-field]");
    if (!role || !client) {
      continue;
    }
    const sync = () => {
      client.hidden = role.value !== "client" && !client.querySelector("[aria-invalid]");
    };
    role.addEventListener("change", sync);
    sync();
  }
});

// ===== Work items: drag-and-drop on the board (items) =====
// Dropping a card on another column presses the card's own "Move" button for that column's
// status, so dragging and the no-JS menu take exactly the same path.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.querySelector("[data-board]");
  if (!board) {
    return;
  }
  let dragged = null;
  for (const card of board.querySelectorAll("[data-card][draggable=true]")) {
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.setData("text/plain", card.dataset.card);
      event.dataTransfer.effectAllowed = "move";
    });
    card.addEventListener("dragend", () => {
      dragged = null;
    });
  }
  for (const column of board.querySelectorAll("[data-status]")) {
    column.addEventListener("dragover", (event) => {
      if (dragged) {
        event.preventDefault();
        column.classList.add("drop-target");
      }
    });
    column.addEventListener("dragleave", () => column.classList.remove("drop-target"));
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("drop-target");
      if (!dragged || dragged.parentElement === column) {
        return;
      }
      const target = ` ${column.dataset.status}`;
      const button = Array.from(dragged.querySelectorAll("button[name=to]")).find((b) =>
        b.value.endsWith(target),
      );
      if (button) {
        button.form.requestSubmit(button);
      }
    });
  }
});
