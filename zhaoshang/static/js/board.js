/* 项目看板: drag a card (SortableJS) or pick 「移动到…」 → the server's move dialog → the move.
 *
 * The server renders the dialog (GET …/move/?to=STAGE) and checks everything (POST): a 400
 * brings the dialog back with its errors, a 200 brings the new card and the column totals.
 * Cancelling puts a dragged card back where it was. 「移动到…」 (keyboard, no drag) fetches the
 * same URL without a stage: the dialog then offers the stages, and a choice loads its form.
 */
(function () {
  "use strict";

  const board = document.querySelector("[data-board]");
  const dialog = document.querySelector("[data-move-dialog]");
  if (!board || !dialog || typeof Sortable === "undefined") return;
  const body = dialog.querySelector("[data-dialog-body]");
  const HEADERS = { "X-Requested-With": "fetch" };

  // The move under way: the card, and where a drag took it from (null for the menu).
  let pending = null;

  function listOf(stage) {
    return board.querySelector('[data-stage-list][data-stage="' + stage + '"]');
  }

  function putBack() {
    if (!pending) return;
    const { card, from, index } = pending;
    if (from) from.insertBefore(card, from.children[index] || null);
    card.classList.remove("is-pending");
    pending = null;
  }

  function showError(message) {
    body.innerHTML = "";
    const form = document.createElement("div");
    form.className = "move-form";
    const alert = document.createElement("div");
    alert.className = "alert alert-error";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    const actions = document.createElement("div");
    actions.className = "dialog-actions";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.setAttribute("data-cancel", "");
    actions.appendChild(close);
    form.append(alert, actions);
    body.appendChild(form);
  }

  function failure(response) {
    if (response.status === 403) return "您没有移动该项目的权限。";
    if (response.status === 404) return "找不到该项目，可能已不在您的查看范围内。";
    return "操作失败（" + response.status + "），请刷新页面后重试。";
  }

  function focusFirst() {
    const field = body.querySelector("input:not([type=hidden]), select, textarea, button, a");
    if (field) field.focus();
  }

  // The move URL with the board's filters (the totals that come back are the filtered ones);
  // without a stage it is the 「移动到…」 choice of stages.
  function moveUrl(card, stage) {
    const params = new URLSearchParams(window.location.search);
    if (stage) params.set("to", stage);
    const query = params.toString();
    return card.dataset.moveUrl + (query ? "?" + query : "");
  }

  async function open(card, stage, from, index) {
    pending = { card, from, index };
    card.classList.add("is-pending");
    const url = moveUrl(card, stage);
    try {
      const response = await fetch(url, { headers: HEADERS, credentials: "same-origin" });
      const text = await response.text();
      if (response.ok || response.status === 400) body.innerHTML = text;
      else showError(failure(response));
    } catch (error) {
      showError("无法连接服务器，请检查网络后重试。");
    }
    if (!dialog.open) dialog.showModal();
    focusFirst();
  }

  function setTotals(columns) {
    Object.entries(columns).forEach(([stage, summary]) => {
      const column = board.querySelector('.board-column[data-stage="' + stage + '"]');
      if (!column) return;
      column.querySelector("[data-count]").textContent = summary.count;
      column.querySelector("[data-total]").textContent = summary.total;
    });
  }

  function done(data) {
    const { card } = pending;
    const holder = document.createElement("div");
    holder.innerHTML = data.card.trim();
    const fresh = holder.firstElementChild;
    const target = listOf(data.stage);
    if (card.parentElement === target) target.replaceChild(fresh, card);
    else {
      card.remove();
      target.insertBefore(fresh, target.firstElementChild);
    }
    setTotals(data.columns);
    pending = null;
    dialog.close();
    fresh.classList.add("is-moved");
    fresh.querySelector(".board-name").focus();
  }

  async function submit(form) {
    const button = form.querySelector("[data-submit]");
    if (button) {
      button.disabled = true;
      button.textContent = "正在保存…";
    }
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: HEADERS, credentials: "same-origin",
      });
      if (response.ok) return done(await response.json());
      if (response.status === 400) body.innerHTML = await response.text();
      else showError(failure(response));
    } catch (error) {
      showError("无法连接服务器，请检查网络后重试。");
    }
    focusFirst();
  }

  board.querySelectorAll("[data-stage-list]").forEach((list) => {
    Sortable.create(list, {
      group: "board",
      sort: false,
      draggable: ".board-card[data-move-url]",
      filter: "a",
      preventOnFilter: false,
      animation: 150,
      // On a phone a swipe scrolls the board; a long press picks a card up.
      delay: 300,
      delayOnTouchOnly: true,
      onAdd(event) {
        open(event.item, event.to.dataset.stage, event.from, event.oldIndex);
      },
    });
  });

  // The keyboard way: 「移动到…」 opens the same dialog, first with the stages to choose from.
  board.addEventListener("click", (event) => {
    const link = event.target.closest(".board-move");
    if (!link) return;
    event.preventDefault();
    open(link.closest(".board-card"), null, null, 0);
  });

  body.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-move-form]");
    if (!form) return;
    event.preventDefault();
    submit(form);
  });

  body.addEventListener("click", (event) => {
    const choice = event.target.closest("a[data-to]");
    if (choice && pending) {
      event.preventDefault();
      open(pending.card, choice.dataset.to, pending.from, pending.index);
      return;
    }
    if (!event.target.closest("[data-cancel]")) return;
    event.preventDefault();
    dismiss();
  });

  // 取消, 关闭 or Esc: the dialog closes without a move and the card goes back. The button
  // puts it back at once; the "close" event (Esc) only arrives in a later task.
  function dismiss() {
    const card = pending && pending.card;
    putBack();
    body.innerHTML = "";
    if (dialog.open) dialog.close();
    if (card) (card.querySelector(".board-name") || card).focus();
  }

  dialog.addEventListener("close", dismiss);
})();
