// The notification bell's unread count, live over /ws/notifications/ (group user.<id>).
// The server renders the count; this only keeps it current.  Without JS it updates on reload.

import { LiveSocket } from "./rt-socket.js";

const bell = document.querySelector("[data-rt-bell]");
const badge = bell && bell.querySelector("[data-rt-bell-count]");

function show(count) {
  if (!bell || !badge || !Number.isInteger(count) || count < 0) return;
  badge.textContent = count > 99 ? "99+" : String(count);
  badge.hidden = count === 0;
  bell.setAttribute("aria-label", (bell.dataset.label || "%s").replace("%s", String(count)));
}

if (bell && badge) {
  const socket = new LiveSocket("/ws/notifications/", {
    onMessage(data) {
      if (data.type === "count") show(parseInt(data.count, 10));
    },
  });
  socket.start();
}
