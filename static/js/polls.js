// Live poll results: the thread's socket (realtime.js) re-dispatches "poll" pushes as a
// "hub:realtime" event; counts come only to readers the server lets see them.
(function () {
  "use strict";

  const section = document.getElementById("poll");
  if (!section) return;
  const pollId = section.dataset.pollId;

  function votersText(count) {
    if (count === 1) return section.dataset.tVotersOne || "1";
    return (section.dataset.tVoters || "%s").replace("%s", String(count));
  }

  document.addEventListener("hub:realtime", (event) => {
    const data = event.detail || {};
    if (data.type !== "poll" || String(data.poll_id) !== pollId) return;
    const voters = section.querySelector("[data-poll-voters]");
    if (voters && Number.isInteger(data.voters)) voters.textContent = votersText(data.voters);
    if (!data.counts || typeof data.counts !== "object") return;
    const rows = [...section.querySelectorAll("[data-poll-option]")];
    if (!rows.length) return; // results not shown on this page (yet): a reload brings them
    const values = rows.map((row) => {
      const value = data.counts[row.dataset.pollOption];
      return Number.isInteger(value) && value >= 0 ? value : 0;
    });
    const total = Math.max(1, values.reduce((sum, value) => sum + value, 0));
    rows.forEach((row, i) => {
      const percent = Math.round((100 * values[i]) / total);
      const count = row.querySelector("[data-poll-count]");
      const pct = row.querySelector("[data-poll-percent]");
      const bar = row.querySelector("[data-poll-bar]");
      const meter = row.querySelector("[role=progressbar]");
      if (count) count.textContent = String(values[i]);
      if (pct) pct.textContent = String(percent);
      if (bar) bar.style.width = `${percent}%`;
      if (meter) meter.setAttribute("aria-valuenow", String(percent));
    });
    section.dataset.updated = String(Date.now());
  });
})();
