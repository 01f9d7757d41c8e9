/* Composer helpers: @mention autocomplete, tag suggestions, htmx error messages.
   Works as an enhancement: without it the forms post normally. */
(function () {
  "use strict";
  // Django's JavaScript catalogue (jsi18n/), or the English text if it did not load.
  var gettext = window.gettext || String;

  function liveRegion() {
    var region = document.getElementById("hub-live-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "hub-live-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(text) {
    liveRegion().textContent = text;
  }

  // htmx swaps a rejected form's HTML (400/422) in place; other errors show their message here.
  document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if ((xhr.status === 400 || xhr.status === 422) && (xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") !== -1) {
      return;
    }
    var message = xhr.statusText || gettext("Error");
    try {
      var data = JSON.parse(xhr.responseText);
      if (data && data.error) { message = data.error; }
    } catch (e) {
      if (xhr.responseText && xhr.responseText.length < 300) { message = xhr.responseText; }
    }
    var alert = document.createElement("div");
    alert.className = "alert alert-warning position-fixed bottom-0 end-0 m-3 shadow";
    alert.setAttribute("role", "alert");
    alert.textContent = message;
    document.body.appendChild(alert);
    setTimeout(function () { alert.remove(); }, 6000);
  });

  // --- @mention autocomplete -------------------------------------------------------------
  function setupMentions(wrapper) {
    var textarea = wrapper.querySelector("textarea");
    var url = wrapper.getAttribute("data-members-url");
    if (!textarea || !url) { return; }
    var list = document.createElement("ul");
    list.className = "list-group mention-suggestions position-absolute shadow";
    list.id = textarea.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.getAttribute("data-t-members") || "Members");
    list.hidden = true;
    wrapper.style.position = "relative";
    wrapper.appendChild(list);
    textarea.setAttribute("aria-controls", list.id);
    var active = -1;
    var items = [];
    var timer = null;

    function currentToken() {
      var pos = textarea.selectionStart;
      var before = textarea.value.slice(0, pos);
      var match = /(^|[\s(])@([\w.\-]{0,40})$/.exec(before);
      return match ? { start: pos - match[2].length, text: match[2] } : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var token = currentToken();
      if (!token || !items[index]) { return close(); }
      var name = items[index].username;
      var value = textarea.value;
      // The rest of a half-typed handle after the caret is replaced too; one space follows
      // the handle, the one already there when the mention was typed before a space.
      var rest = value.slice(textarea.selectionStart).replace(/^[\w.\-]+/, "");
      textarea.value = value.slice(0, token.start) + name + (/^\s/.test(rest) ? "" : " ") + rest;
      var caret = token.start + name.length + 1;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
      announce("@" + name);
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (el, i) {
        el.classList.toggle("active", i === index);
        el.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (options[index]) { textarea.setAttribute("aria-activedescendant", options[index].id); }
    }

    function render(results) {
      list.innerHTML = "";
      items = results;
      if (!results.length) { return close(); }
      results.forEach(function (member, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "list-group-item list-group-item-action py-1";
        li.setAttribute("role", "option");
        li.textContent = member.name + " (@" + member.username + ")";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      highlight(0);
    }

    textarea.addEventListener("input", function () {
      var token = currentToken();
      if (!token) { return close(); }
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(token.text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { render(data.results || []); })
          .catch(close);
      }, 150);
    });
    textarea.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { e.preventDefault(); choose(active); } }
      else if (e.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // --- Tag suggestions (datalist of "earlier, tags, suggestion") ---------------------------
  function setupTags(wrapper) {
    var input = wrapper.querySelector("input[list]");
    var datalist = wrapper.querySelector("datalist");
    var url = wrapper.getAttribute("data-tags-url");
    if (!input || !datalist || !url) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var last = parts.pop().trim();
        var head = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        fetch(url + "?q=" + encodeURIComponent(last), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            datalist.innerHTML = "";
            (data.results || []).forEach(function (tag) {
              if (head.indexOf(tag.name) !== -1) { return; }
              var option = document.createElement("option");
              option.value = head.concat([tag.name]).join(", ");
              datalist.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  // --- Forms: no double submit from an impatient double click -------------------------------
  function setupForms(form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  }

  document.querySelectorAll(".composer[data-members-url]").forEach(setupMentions);
  document.querySelectorAll("[data-tags-url]").forEach(setupTags);
  document.querySelectorAll("form.composer-form").forEach(setupForms);
})();
