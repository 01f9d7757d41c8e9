/* User cards: hovering or focusing a member's name shows who they are (name, @handle,
   organisation, country, expertise) with links to message them or open their profile.
   The card is fetched from the profile's own URL + "card/", so it follows the profile's
   visibility rule; it sits right after the name in the reading order (Tab goes into it)
   and Escape closes it.  Without JavaScript the name simply links to the profile. */
(function () {
  "use strict";

  var PROFILE = /^(?:\/[a-z]{2}(?:-[a-z]+)?)?\/members\/([^/]+)\/$/;
  var SHOW_AFTER = 350;
  var HIDE_AFTER = 250;
  var cache = {};
  var card = null;
  var owner = null;
  var showTimer = null;
  var hideTimer = null;
  var quiet = null; // the name focus returns to after Escape: no card again until it is left

  function profileLink(el) {
    var link = el && el.closest ? el.closest("a[href]") : null;
    if (!link || (card && card.contains(link))) { return null; }
    var match = PROFILE.exec(link.pathname || "");
    if (!match || match[1] === "me" || link.origin !== window.location.origin) { return null; }
    return link;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (card) { card.remove(); }
    if (owner) { owner.removeAttribute("aria-describedby"); }
    card = null;
    owner = null;
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    card.style.top = window.scrollY + box.bottom + 6 + "px";
    var left = window.scrollX + box.left;
    var width = Math.min(340, window.innerWidth - 16);
    card.style.left = Math.max(8, Math.min(left, window.scrollX + window.innerWidth - width - 8)) + "px";
    card.style.width = width + "px";
  }

  function show(link) {
    var url = link.pathname + "card/";
    var request = cache[url] || (cache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); }));
    request.then(function (html) {
      if (!link.isConnected) { return; }
      hide();
      card = document.createElement("div");
      card.className = "user-card card shadow position-absolute p-3";
      card.id = "user-card";
      card.setAttribute("role", "dialog");
      card.setAttribute("aria-label", link.textContent.trim());
      card.innerHTML = html;
      // Right after the name in the reading order: Tab moves into the card's links.
      link.insertAdjacentElement("afterend", card);
      link.setAttribute("aria-describedby", card.id);
      owner = link;
      place(link);
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", scheduleHide);
      card.addEventListener("focusout", function (event) {
        if (!card || (event.relatedTarget && (card.contains(event.relatedTarget) || event.relatedTarget === owner))) { return; }
        scheduleHide();
      });
    }).catch(function () { delete cache[url]; });
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_AFTER);
  }

  document.addEventListener("mouseover", function (event) {
    var link = profileLink(event.target);
    if (!link || link === owner) { return; }
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link); }, SHOW_AFTER);
  });
  document.addEventListener("mouseout", function (event) {
    var link = profileLink(event.target);
    if (!link) { return; }
    clearTimeout(showTimer);
    if (link === owner && !(card && card.contains(event.relatedTarget))) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var link = profileLink(event.target);
    if (link && link === quiet) { return; }
    quiet = null;
    if (link && link !== owner) { clearTimeout(hideTimer); show(link); }
    else if (card && !card.contains(event.target) && event.target !== owner) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card) {
      var back = owner;
      hide();
      if (back) { quiet = back; back.focus(); }
    }
  });
})();
