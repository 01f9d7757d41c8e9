// Thread page reading aids: keyboard shortcuts (j/k r q l b ?), the position indicator of
// long threads and the bookmark marks.  Every action clicks a control the server rendered
// (or posts to its URL), so nothing here decides who may do what.
(function () {
  "use strict";

  const list = document.getElementById("post-list");
  const config = document.getElementById("reading-aids");
  if (!list || !config) return;
  const position = document.getElementById("thread-position");
  const announcer = document.getElementById("rt-announce");
  let selected = null;
  // The help dialog (with the translated strings used here) is fetched when first needed.
  let help = null;
  let helpLoading = null;

  function loadHelp() {
    if (help || !config.dataset.shortcuts) return Promise.resolve(help);
    if (!helpLoading) {
      helpLoading = fetch(config.dataset.shortcuts, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : ""))
        .then((html) => {
          const template = document.createElement("template");
          template.innerHTML = html;
          const dialog = template.content.querySelector("dialog");
          if (dialog) {
            document.body.appendChild(dialog);
            help = dialog;
          }
          return help;
        })
        .catch(() => null)
        .finally(() => {
          if (!help) helpLoading = null; // try again next time
        });
    }
    return helpLoading;
  }

  function t(key, value) {
    const text = (help && help.dataset[key]) || "";
    return text.replace("%s", value);
  }

  function announce(text) {
    if (announcer) announcer.textContent = text;
  }

  function posts() {
    return [...list.querySelectorAll("article.post")];
  }

  // --- bookmarks ------------------------------------------------------------------------

  const bookmarked = new Set((config.dataset.bookmarked || "").split(",").filter(Boolean));

  function markBookmark(post) {
    const link = post.querySelector('a[href$="/bookmark/"]');
    if (!link) return;
    const on = bookmarked.has(post.dataset.postNumber);
    link.classList.toggle("is-bookmarked", on);
    const text = t(on ? "tBookmarkOn" : "tBookmark");
    if (text) link.textContent = text;
  }

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function toggleBookmark(post) {
    const link = post.querySelector('a[href$="/bookmark/"]');
    if (!link || link.hidden) return;
    const number = post.dataset.postNumber;
    const body = new URLSearchParams();
    if (bookmarked.has(number)) body.set("remove", "1");
    try {
      const response = await fetch(link.href, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body,
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      if (data.bookmarked) bookmarked.add(number);
      else bookmarked.delete(number);
      await loadHelp();
      markBookmark(post);
      announce(t(data.bookmarked ? "tBookmarked" : "tUnbookmarked", number));
    } catch (error) {
      // Offline: nothing changed, the link still opens the bookmark page.
    }
  }

  // --- selection and shortcuts ----------------------------------------------------------

  function select(post) {
    if (!post) return;
    if (selected) selected.classList.remove("post-selected");
    selected = post;
    post.classList.add("post-selected");
    if (!post.hasAttribute("tabindex")) post.setAttribute("tabindex", "-1");
    const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    post.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    post.focus({ preventScroll: true });
    updatePosition(post);
  }

  function focusedPost() {
    const active = document.activeElement;
    const post = active instanceof Element ? active.closest("#post-list article.post") : null;
    return post && post !== selected ? post : null;
  }

  function current() {
    // A post the reader moved into with Tab (or a click) wins over the last j/k selection.
    const focused = focusedPost();
    if (focused) {
      if (selected) selected.classList.remove("post-selected");
      selected = focused;
      focused.classList.add("post-selected");
    }
    if (selected && selected.isConnected) return selected;
    return inView();
  }

  function inView() {
    const all = posts();
    const line = window.innerHeight * 0.35;
    let found = all[0] || null;
    for (const post of all) {
      if (post.getBoundingClientRect().top <= line) found = post;
      else break;
    }
    return found;
  }

  function move(step) {
    const all = posts();
    if (!all.length) return;
    if (focusedPost()) current();
    const here = selected && selected.isConnected ? all.indexOf(selected) : -1;
    // Nothing selected yet: start at the post in view.
    const next = here === -1 ? all.indexOf(inView()) : Math.min(all.length - 1, Math.max(0, here + step));
    select(all[next < 0 ? 0 : next]);
  }

  function clickIn(post, selector) {
    if (!post) return false;
    const control = [...post.querySelectorAll(selector)].find((el) => !el.hidden && !el.closest("[hidden]"));
    if (!control) return false;
    control.click();
    return true;
  }

  function typing(target) {
    if (!(target instanceof Element)) return false;
    if (target.isContentEditable || target.closest("[contenteditable=''], [contenteditable='true']")) return true;
    return Boolean(target.closest("input, textarea, select"));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target)) return;
    if (help && help.open) return; // the dialog has its own keys (Escape closes it)
    const key = event.key;
    if (event.shiftKey && key !== "?") return;
    let done = true;
    if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (key === "r") done = clickIn(current(), "[data-action=reply], a[href*='reply_to=']");
    else if (key === "q") done = clickIn(current(), "[data-action=quote], a[href*='quote=']");
    else if (key === "l") done = clickIn(current(), "button[data-reaction=like]");
    else if (key === "b") toggleBookmark(current());
    else if (key === "?") {
      loadHelp().then((dialog) => {
        if (dialog && typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
      });
    }
    else done = false;
    if (done) event.preventDefault();
  });

  // --- position indicator ---------------------------------------------------------------

  const label = position && position.querySelector("[data-position-label]");

  function updatePosition(post) {
    if (!label || !post) return;
    const text = position.dataset.t || "";
    label.textContent = text.replace("%(n)s", post.dataset.postNumber).replace("%(total)s", position.dataset.total);
  }

  let ticking = false;
  window.addEventListener(
    "scroll",
    () => {
      if (ticking || !label) return;
      ticking = true;
      window.requestAnimationFrame(() => {
        ticking = false;
        updatePosition(inView());
      });
    },
    { passive: true },
  );

  for (const post of posts()) markBookmark(post);
  if (bookmarked.size) loadHelp().then(() => posts().forEach(markBookmark)); // the translated "Bookmarked"
  // Posts pushed live get their bookmark mark (none yet) and join the j/k order by themselves.
  new MutationObserver(() => {
    for (const post of posts()) markBookmark(post);
  }).observe(list, { childList: true });
  updatePosition(inView());
})();

// The "More" menu of each post (a <details>): one open at a time, closed by Escape (focus
// returns to its "More") or by a click elsewhere.
(function () {
  "use strict";

  function openMenus() {
    return document.querySelectorAll("details.post-more[open]");
  }
  document.addEventListener("toggle", (event) => {
    const menu = event.target;
    if (!menu.matches || !menu.matches("details.post-more") || !menu.open) return;
    for (const other of openMenus()) if (other !== menu) other.open = false;
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = event.target.closest && event.target.closest("details.post-more[open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
    event.stopPropagation();
  });
  document.addEventListener("click", (event) => {
    for (const menu of openMenus()) if (!menu.contains(event.target)) menu.open = false;
  });
})();
