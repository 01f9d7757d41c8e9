// Live thread page and live thread list.  One small module, no framework.
//
// Configuration comes from templates/discussions/_realtime_script.html (#rt-config).
// Thread mode: posts are upserted by number (never shown twice), a missing number or a
// reconnect triggers an HTTP catch-up from the highest number accounted for (so nothing
// is missed), new replies are announced politely to screen readers, focus is never moved,
// and a reader scrolled up gets a "new replies" pill instead of being scrolled.
// Community mode: a floating "3 new threads, show" bar (no layout jump).
// Without JavaScript none of this runs and the pages work by reload.

import { LiveSocket } from "./rt-socket.js";

const config = document.getElementById("rt-config");
const TYPING_SEND_EVERY = 3000;
const TYPING_SHOWN_FOR = 5000;
// Resynchronisation without pushes (Redis down, pushes dropped): the server's heartbeat
// (every 5 s, from its own process) carries the thread's latest post number; while the socket
// is closed, or silent for longer than a few beats, the page polls the catch-up URL instead.
const POLL_EVERY = 8000;
const SILENT_AFTER = 15000;

// Strings come from Django's JavaScript catalogue (jsi18n/, loaded by base.html before the
// modules); the fallbacks keep the page working (in English) if it failed to load.
const gettext = globalThis.gettext || ((text) => text);
const ngettext = globalThis.ngettext || ((one, many, n) => (n === 1 ? one : many));
const interpolate =
  globalThis.interpolate || ((fmt, values) => fmt.replace(/%\((\w+)\)s/g, (_m, key) => String(values[key])));

const messages = {
  newReplies: (n) => interpolate(ngettext("%(count)s new reply", "%(count)s new replies", n), { count: n }, true),
  newReplyBy: (name) => interpolate(gettext("New reply by %(name)s"), { name }, true),
  newThreads: (n) => interpolate(ngettext("%(count)s new thread", "%(count)s new threads", n), { count: n }, true),
  typingOne: (name) => interpolate(gettext("%(name)s is typing…"), { name }, true),
  typingTwo: (first, second) => interpolate(gettext("%(first)s and %(second)s are typing…"), { first, second }, true),
  typingMany: () => gettext("Several people are typing…"),
  reading: (n) => interpolate(ngettext("%(count)s person reading", "%(count)s people reading", n), { count: n }, true),
  stopped: () => gettext("Live updates stopped. Reload the page to see the latest replies."),
};

function announce(text) {
  const region = document.getElementById("rt-announce");
  if (!region || !text) return;
  region.textContent = "";
  // A fresh text node after a tick makes screen readers read repeated messages too.
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function prefersReducedMotion() {
  return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

// --- per-viewer controls: the server decides, this only applies its answer ----------------
//
// A post the server rendered for this reader (the page, the HTTP catch-up) shows only the
// controls the reader may use.  A pushed post is shared by every reader: every control comes
// hidden with data-action="<action>" (data-action-unless: shown only without it), and the
// push brings this reader's rights (discussions.permissions.post_actions); they are kept in
// data-rights, controls they allow are shown, the others removed.

function applyRights(post, rights) {
  if (typeof rights === "string") post.dataset.rights = rights;
  if (post.dataset.rights === undefined) return;
  const allowed = new Set(post.dataset.rights.split(" ").filter(Boolean));
  for (const control of post.querySelectorAll("[data-action]")) {
    if (allowed.has(control.dataset.action)) control.hidden = false;
    else control.remove();
  }
  for (const control of post.querySelectorAll("[data-action-unless]")) {
    if (allowed.has(control.dataset.actionUnless)) control.remove();
  }
}

// A pushed post was rendered without a request: its forms (accept, react) get this page's
// CSRF token, like every form the page rendered.
function fillCsrf(post) {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) return;
  for (const form of post.querySelectorAll("form")) {
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!field) form.prepend(token.cloneNode());
    else if (!field.value) field.value = token.value;
  }
}

export function decorate(root, rights) {
  const posts = [...root.querySelectorAll("[data-post-number]")];
  if (root.matches && root.matches("[data-post-number]")) posts.push(root);
  for (const post of posts) {
    applyRights(post, rights);
    fillCsrf(post);
  }
  if (window.htmx) window.htmx.process(root);
}

function socketPath(path) {
  const lang = document.documentElement.lang || "";
  return lang ? `${path}?lang=${encodeURIComponent(lang)}` : path;
}

// --- thread page ----------------------------------------------------------------------------

function threadPage() {
  const list = document.getElementById("post-list") || document.querySelector("[data-thread-id][data-last-number]");
  if (!list) return;
  const live = config.dataset.live === "1"; // showing the last page: new posts are appended
  const catchUpBase = config.dataset.catchUpUrl; // ends with "/0/"
  let covered = parseInt(config.dataset.covered || "0", 10) || 0;
  const received = new Set();
  const unseen = [];
  const typers = new Map();
  let syncing = null;
  let resyncAgain = false;
  let pendingAnnouncements = [];
  let announceTimer = null;

  const pill = document.getElementById("rt-pill");
  // The status line exists only with JavaScript: without it there is nothing live to report.
  const statusLine = document.createElement("p");
  statusLine.className = "rt-status small text-body-secondary d-flex flex-wrap gap-3 mb-2";
  statusLine.style.minHeight = "1.5em";
  const presenceEl = document.createElement("span");
  const typingEl = document.createElement("span");
  const statusEl = document.createElement("span");
  typingEl.setAttribute("aria-hidden", "true"); // visual only: announcing every keystroke burst is noise
  presenceEl.id = "rt-presence";
  typingEl.id = "rt-typing";
  statusEl.id = "rt-status";
  statusEl.setAttribute("role", "status");
  statusLine.append(presenceEl, typingEl, statusEl);
  list.after(statusLine);

  function postElements() {
    return list.querySelectorAll("[data-post-number]");
  }

  function nearBottom() {
    const doc = document.documentElement;
    return window.innerHeight + window.scrollY >= doc.scrollHeight - 200;
  }

  function parse(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function advance() {
    while (received.has(covered + 1)) {
      received.delete(covered + 1);
      covered += 1;
    }
    for (const n of received) if (n <= covered) received.delete(n);
  }

  function noteNumber(number) {
    if (number <= covered) return;
    received.add(number);
    advance();
    if (received.size > 0) resync(); // a hole below this number: a lost push
  }

  function applyLater(existing, fresh, rights) {
    // Never replace what the reader is typing in or focused on: wait until focus leaves.
    existing.addEventListener(
      "focusout",
      function retry() {
        window.setTimeout(() => {
          if (existing.isConnected && !existing.contains(document.activeElement)) {
            existing.replaceWith(fresh);
            decorate(fresh, rights);
          } else if (existing.isConnected) {
            existing.addEventListener("focusout", retry, { once: true });
          }
        }, 0);
      },
      { once: true },
    );
  }

  // Insert, replace or remove the element of post ``number``.  Returns the new element
  // when a post appeared that the page did not show before.
  function upsert(number, html, rights) {
    const existing = document.getElementById(`p${number}`);
    if (html === null || html === undefined) {
      if (existing && !existing.contains(document.activeElement)) existing.remove();
      return null;
    }
    const fresh = parse(html);
    if (!fresh) return null;
    if (existing) {
      if (existing.contains(document.activeElement)) applyLater(existing, fresh, rights);
      else {
        existing.replaceWith(fresh);
        decorate(fresh, rights);
      }
      return null;
    }
    if (!live) return null; // an earlier page: the pill links to the latest replies
    let before = null;
    for (const el of postElements()) {
      if (parseInt(el.dataset.postNumber, 10) > number) {
        before = el;
        break;
      }
    }
    if (before) before.parentNode.insertBefore(fresh, before);
    else list.appendChild(fresh);
    decorate(fresh, rights);
    return fresh;
  }

  function showPill() {
    if (!pill) return;
    if (!unseen.length) {
      pill.hidden = true;
      return;
    }
    pill.textContent = messages.newReplies(unseen.length);
    pill.hidden = false;
  }

  function queueAnnouncement(el) {
    pendingAnnouncements.push(el);
    clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => {
      const items = pendingAnnouncements;
      pendingAnnouncements = [];
      if (items.length === 1) {
        const by = items[0].getAttribute("aria-labelledby");
        const heading = by ? document.getElementById(by) : null;
        const name = items[0].dataset.authorName || (heading ? heading.textContent.trim() : "");
        announce(name ? messages.newReplyBy(name) : messages.newReplies(1));
      } else if (items.length > 1) {
        announce(messages.newReplies(items.length));
      }
    }, 400);
  }

  function onScreen(el) {
    const box = el.getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
  }

  function arrived(el, atBottom) {
    if (!el) return;
    queueAnnouncement(el);
    if (onScreen(el)) return; // already in view: no "new reply" button for it
    if (atBottom && live) {
      el.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    } else {
      unseen.push(el);
      showPill();
    }
  }

  function showReplyCount(count) {
    const el = document.getElementById("thread-reply-count");
    if (!el || !Number.isInteger(count) || count < 0) return;
    el.textContent = count === 1 ? el.dataset.one : (el.dataset.many || "%s").replace("%s", count);
  }

  function onPost(data, created) {
    const number = parseInt(data.number, 10);
    if (!Number.isInteger(number) || number < 1) return;
    if (data.reply_count != null) showReplyCount(parseInt(data.reply_count, 10));
    if (created && data.author_id != null) {
      typers.delete(String(data.author_id));
      renderTyping();
    }
    const atBottom = nearBottom();
    const el = upsert(number, data.html, data.rights);
    if (created) {
      const fromMe = data.author_id != null && String(data.author_id) === config.dataset.userId;
      if (el && !fromMe) arrived(el, atBottom);
      else if (!el && data.html && !live && !fromMe && number > covered) {
        unseen.push(number);
        showPill();
      }
      noteNumber(number);
    }
  }

  async function resync() {
    if (syncing) {
      resyncAgain = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        let more = true;
        let guard = 0;
        while (more && guard < 20) {
          guard += 1;
          const url = catchUpBase.replace(/\/0\/$/, `/${covered}/`);
          const response = await fetch(url, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
          });
          if (!response.ok) break;
          const body = await response.json();
          const atBottom = nearBottom();
          for (const item of body.posts || []) {
            const el = upsert(item.number, item.html);
            if (el) arrived(el, atBottom);
          }
          covered = Math.max(covered, parseInt(body.covered, 10) || 0);
          advance();
          more = Boolean(body.more);
        }
      } catch (error) {
        // Offline or server restarting: the next reconnect catches up again.
      } finally {
        syncing = null;
        if (resyncAgain) {
          resyncAgain = false;
          resync();
        }
      }
    })();
    return syncing;
  }

  function renderTyping() {
    if (!typingEl) return;
    const now = Date.now();
    for (const [id, entry] of typers) if (entry.until < now) typers.delete(id);
    const names = [...typers.values()].map((entry) => entry.name);
    let text = "";
    if (names.length === 1) text = messages.typingOne(names[0]);
    else if (names.length === 2) text = messages.typingTwo(names[0], names[1]);
    else if (names.length > 2) text = messages.typingMany();
    typingEl.textContent = text;
    if (typers.size) window.setTimeout(renderTyping, 1000);
  }

  function renderPresence(count) {
    if (!presenceEl) return;
    presenceEl.textContent = count > 1 ? messages.reading(count) : "";
  }

  let lastHeard = Date.now();
  const socket = new LiveSocket(socketPath(config.dataset.wsPath), {
    onOpen() {
      lastHeard = Date.now();
      if (statusEl) statusEl.textContent = "";
      resync(); // anything committed while we were away (or before the socket opened)
    },
    onFinal() {
      if (statusEl) statusEl.textContent = messages.stopped();
    },
    onMessage(data) {
      lastHeard = Date.now();
      if (data.type === "heartbeat") {
        const last = parseInt(data.last, 10);
        if (Number.isInteger(last) && last > covered) resync(); // posts whose pushes were lost
      } else if (data.type === "post_created") onPost(data, true);
      else if (data.type === "post_updated") onPost(data, false);
      else if (data.type === "reactions") updateReactions(data);
      else if (data.type === "presence") renderPresence(parseInt(data.count, 10) || 0);
      else if (data.type === "typing" && data.user_id != null && data.name) {
        typers.set(String(data.user_id), { name: String(data.name), until: Date.now() + TYPING_SHOWN_FOR });
        renderTyping();
      } else if (data.type === "thread_updated") threadUpdated(data);
      // Other page modules (polls.js) listen for the pushes they handle.
      else document.dispatchEvent(new CustomEvent("hub:realtime", { detail: data }));
    },
  });

  function updateReactions(data) {
    const post = document.getElementById(`p${parseInt(data.number, 10)}`);
    const bar = post && post.querySelector(".reactions");
    if (!bar || !data.counts) return;
    const canReact = bar.querySelector("form") !== null; // the server sent (or kept) it only for them
    if (!canReact && typeof data.html === "string") {
      // Readers who cannot react get the read-only bar (new kinds appear, zeros vanish).
      if (bar.contains(document.activeElement)) return;
      const fresh = parse(data.html);
      if (fresh) {
        bar.replaceWith(fresh);
        decorate(post, data.rights);
      }
      return;
    }
    for (const el of bar.querySelectorAll("[data-reaction]")) {
      const value = Number.isInteger(data.counts[el.dataset.reaction]) ? data.counts[el.dataset.reaction] : 0;
      const counter = el.querySelector(".reaction-count");
      if (counter) counter.textContent = String(value);
    }
  }

  function threadUpdated(data) {
    const title = document.querySelector("[data-thread-title]");
    if (title && typeof data.title === "string") title.textContent = data.title;
    const locked = document.querySelector("[data-thread-locked]");
    if (locked) locked.hidden = !data.is_locked;
  }

  // Typing: at most one ping every few seconds while the reader types a reply.
  let lastTyping = 0;
  const reply = document.querySelector("[data-rt-typing]") || document.querySelector("form textarea[name=body]");
  if (reply && config.dataset.canReply === "1") {
    reply.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTyping < TYPING_SEND_EVERY) return;
      if (socket.send({ type: "typing" })) lastTyping = now;
    });
  }

  if (pill) {
    pill.addEventListener("click", () => {
      const first = unseen.find((item) => item instanceof Element && item.isConnected);
      unseen.length = 0;
      showPill();
      if (first) {
        first.scrollIntoView({ block: "start", behavior: prefersReducedMotion() ? "auto" : "smooth" });
        // The reader asked to go there: moving focus along is expected, not stolen.
        if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: true });
      } else if (config.dataset.latestUrl) {
        window.location.assign(config.dataset.latestUrl);
      }
    });
    window.addEventListener(
      "scroll",
      () => {
        if (!unseen.length) return;
        if (nearBottom() && live) {
          unseen.length = 0;
          showPill();
        }
      },
      { passive: true },
    );
  }

  // A reply sent from this page's composer (replying.js): shown at once, as its author sees it.
  document.addEventListener("hub:reply-posted", (event) => {
    const detail = event.detail || {};
    const number = parseInt(detail.number, 10);
    if (!live || !Number.isInteger(number) || !detail.html) return;
    const existing = document.getElementById(`p${number}`);
    const fresh = parse(detail.html);
    if (!fresh) return;
    if (existing) existing.replaceWith(fresh);
    else list.appendChild(fresh);
    if (window.htmx) window.htmx.process(fresh);
    noteNumber(number);
    const count = document.getElementById("thread-reply-count");
    if (count && !existing && !detail.pending) {
      const shown = parseInt((count.textContent.match(/\d+/) || ["0"])[0], 10);
      showReplyCount(shown + 1);
    }
    fresh.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    detail.handled = true;
  });

  // No socket (refused, reconnecting, given up) or a silent one: poll over HTTP.
  window.setInterval(() => {
    if (document.visibilityState === "hidden") return;
    if (!socket.isOpen() || Date.now() - lastHeard > SILENT_AFTER) resync();
  }, POLL_EVERY);

  decorate(list);
  socket.start();
  window.hubRealtime = { socket, resync, state: () => ({ covered, received: [...received] }) };
}

// --- community thread list ------------------------------------------------------------------

function communityPage() {
  const bar = document.getElementById("rt-new-bar");
  const label = document.getElementById("rt-new-label");
  const show = document.getElementById("rt-new-show");
  const threads = new Set();
  const replies = new Set();

  function render() {
    if (!bar) return;
    const parts = [];
    if (threads.size) parts.push(messages.newThreads(threads.size));
    if (replies.size) parts.push(messages.newReplies(replies.size));
    if (!parts.length) {
      bar.hidden = true;
      return;
    }
    label.textContent = parts.join(", ");
    bar.hidden = false;
  }

  const socket = new LiveSocket(socketPath(config.dataset.wsPath), {
    onMessage(data) {
      if (data.type === "thread_created") {
        threads.add(data.thread_id);
        render();
        announce(label ? label.textContent : "");
      } else if (data.type === "reply" && !threads.has(data.thread_id)) {
        replies.add(`${data.thread_id}:${data.number}`);
        render();
      }
    },
  });
  if (show) show.addEventListener("click", () => window.location.reload());
  socket.start();
  window.hubRealtime = { socket };
}

if (config && config.dataset.mode === "thread") threadPage();
else if (config && config.dataset.mode === "community") communityPage();
