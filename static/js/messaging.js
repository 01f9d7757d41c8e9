// Private messages, live: the nav's unread count, new messages appended to an open
// conversation (then marked read), and read receipts.  Pushes only; the page stays the truth.
import { LiveSocket } from "./rt-socket.js";

// Django's JavaScript catalogue (jsi18n/), or the English text if it did not load.
const gettext = globalThis.gettext || String;

// The nav badge arrives by htmx after load, so it is looked up when needed.
const conversation = document.getElementById("conversation");
const list = document.getElementById("message-list");

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("data-hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch (error) {
    return "";
  }
}

function setCount(value) {
  const n = Number(value);
  const badge = document.getElementById("nav-messages-badge");
  const counter = document.getElementById("nav-messages-count");
  if (!badge || !counter || !Number.isFinite(n) || n < 0) return;
  counter.textContent = String(n);
  badge.classList.toggle("d-none", n === 0);
}

function localiseTimes(root) {
  root.querySelectorAll("time[data-local]").forEach((node) => {
    const when = new Date(node.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) {
      node.textContent = when.toLocaleString(document.documentElement.lang || [], { dateStyle: "medium", timeStyle: "short" });
    }
  });
}

function scrollToEnd() {
  if (list && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "nearest" });
}

function markRead() {
  if (!conversation) return;
  fetch(conversation.dataset.readUrl, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
  }).catch(() => {});
}

function isHere(data) {
  return conversation && String(data.conversation) === conversation.dataset.conversationId;
}

function onMessage(data) {
  if (data.type === "count") setCount(data.unread);
  if (data.type === "message") {
    if (isHere(data) && list && !document.getElementById(`m${data.message}`)) {
      const holder = document.createElement("div");
      holder.innerHTML = data.html; // rendered by the server from sanitised markdown
      const node = holder.firstElementChild;
      if (node) {
        list.appendChild(node);
        localiseTimes(node);
        scrollToEnd();
      }
      if (document.visibilityState === "visible") {
        markRead();
        return;
      }
    }
    setCount(data.unread);
  }
  if (data.type === "read" && isHere(data)) {
    const at = new Date(data.at);
    const me = conversation.dataset.userId;
    list.querySelectorAll(`.message[data-author-id="${me}"]`).forEach((node) => {
      if (new Date(node.dataset.created) > at) return;
      const seen = node.querySelector(".seen-by");
      if (!seen) return;
      const names = (seen.dataset.names || "").split("|").filter(Boolean);
      if (!names.includes(data.name)) names.push(data.name);
      seen.dataset.names = names.join("|");
      seen.textContent = `${seen.dataset.label || gettext("Seen by")} ${names.join(", ")}`;
    });
  }
}

// Loaded on the messaging pages only; elsewhere the notification bell announces new messages live.
new LiveSocket("/ws/messages/", { onMessage }).start();

if (list) {
  localiseTimes(document);
  scrollToEnd();
  const form = document.getElementById("reply-form");
  if (form) {
    form.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.successful) {
        form.reset();
        localiseTimes(list);
        scrollToEnd();
      }
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") markRead();
  });
}
