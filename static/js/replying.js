/* Replying without losing anything.
   - Drafts: what you type in a reply or a new thread is saved on the server a moment after
     you stop typing, and restored on any device; posting or "Discard draft" forgets it.
     The page warns before leaving only when a draft could not be saved.
   - On the thread page, Reply and Quote work in place (Quote inserts at the cursor of the
     text you are writing) and the reply is sent without a reload.
   Without JavaScript the links and forms work by reload, as before. */
(function () {
  "use strict";

  var SAVE_AFTER = 1200; // ms of quiet before a draft is saved

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function readJson(response) {
    return response
      .json()
      .catch(function () { return {}; })
      .then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
  }

  // --- Drafts ------------------------------------------------------------------------------
  function setupDraft(form) {
    var url = form.getAttribute("data-draft-url");
    var body = form.querySelector("textarea[name=body]");
    if (!url || !body) { return; }
    var title = form.querySelector("input[name=title]");
    var status = form.querySelector("[data-draft-status]");
    var discard = form.querySelector("[data-draft-discard]");
    var timer = null;
    var inflight = false;
    var failed = false;
    var submitting = false;
    var replyToNumber = form.getAttribute("data-reply-to-number") || "";

    function snapshot() {
      return [body.value, title ? title.value : "", replyToNumber].join("\u0000");
    }
    var lastSaved = snapshot();

    function say(key) {
      if (status) { status.textContent = form.getAttribute("data-t-" + key) || ""; }
    }

    function payload(extra) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      data.append("body", body.value);
      if (title) { data.append("title", title.value); }
      if (replyToNumber) { data.append("reply_to_number", replyToNumber); }
      if (extra) { Object.keys(extra).forEach(function (k) { data.append(k, extra[k]); }); }
      return data;
    }

    function save() {
      timer = null;
      var snap = snapshot();
      if (snap === lastSaved || submitting) { return; }
      inflight = true;
      say("saving");
      fetch(url, { method: "POST", body: payload(), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(readJson)
        .then(function (result) {
          if (!result.ok) { throw new Error(result.data.error || ""); }
          lastSaved = snap;
          failed = false;
          if (discard) { discard.hidden = !result.data.saved; }
          say(result.data.saved ? "saved" : "discarded");
        })
        .catch(function () {
          failed = true;
          say("unsaved");
        })
        .then(function () {
          inflight = false;
          if (snapshot() !== lastSaved && !timer) { timer = setTimeout(save, SAVE_AFTER * 3); }
        });
    }

    function changed() {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER);
    }

    body.addEventListener("input", changed);
    if (title) { title.addEventListener("input", changed); }

    if (discard) {
      discard.addEventListener("click", function () {
        clearTimeout(timer);
        timer = null;
        body.value = "";
        if (title) { title.value = ""; }
        replyToNumber = "";
        form.dispatchEvent(new CustomEvent("hub:draft-discarded"));
        fetch(url, { method: "POST", body: payload({ discard: "1" }), credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(readJson)
          .then(function (result) {
            if (!result.ok) { throw new Error(""); }
            lastSaved = snapshot();
            failed = false;
            discard.hidden = true;
            say("discarded");
          })
          .catch(function () { failed = true; say("unsaved"); });
        body.focus();
      });
    }

    form.addEventListener("submit", function () { submitting = true; });

    window.addEventListener("beforeunload", function (event) {
      if (submitting || snapshot() === lastSaved) { return; }
      if (!failed && navigator.sendBeacon) {
        // A save was still waiting: send it on the way out, no question asked.
        clearTimeout(timer);
        if (navigator.sendBeacon(url, payload())) { return; }
      }
      event.preventDefault();
      event.returnValue = "";
    });

    form.hubDraft = {
      changed: changed,
      setReplyTo: function (number) { replyToNumber = number ? String(number) : ""; changed(); },
      // After a reply was posted: the server already forgot the draft.
      posted: function () {
        clearTimeout(timer);
        timer = null;
        submitting = false;
        replyToNumber = "";
        lastSaved = snapshot();
        failed = false;
        if (discard) { discard.hidden = true; }
        if (status) { status.textContent = ""; }
      },
      sending: function (value) { submitting = value; },
    };
  }

  // --- Reply and quote in place; send without a reload ---------------------------------------
  function insertAtCursor(textarea, text) {
    var value = textarea.value;
    var start = textarea.selectionStart != null ? textarea.selectionStart : value.length;
    var end = textarea.selectionEnd != null ? textarea.selectionEnd : start;
    var before = value.slice(0, start);
    var after = value.slice(end);
    if (before && !/\n\n$/.test(before)) { text = (/\n$/.test(before) ? "\n" : "\n\n") + text; }
    if (after && !/^\n/.test(after)) { text = text.replace(/\n*$/, "\n\n"); }
    textarea.value = before + text + after;
    var caret = before.length + text.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setupInlineReply(form) {
    var body = form.querySelector("textarea[name=body]");
    var replyTo = form.querySelector("input[name=reply_to]");
    var key = form.querySelector("input[name=idempotency_key]");
    var button = form.querySelector("button[type=submit]");
    var context = document.getElementById("reply-context");
    var label = document.getElementById("reply-context-label");
    var clear = document.getElementById("reply-context-clear");
    var errorBox = document.getElementById("reply-error");
    var sending = false;
    if (!body || !replyTo) { return; }

    function showError(text) {
      if (!errorBox) { return; }
      errorBox.textContent = text || form.getAttribute("data-t-send-failed");
      errorBox.hidden = false;
    }

    function setTarget(pk, number) {
      replyTo.value = pk ? String(pk) : "";
      if (context) { context.hidden = !pk; }
      if (label) { label.textContent = pk ? (label.getAttribute("data-template") || "#%s").replace("%s", number) : ""; }
      if (form.hubDraft) { form.hubDraft.setReplyTo(pk ? number : ""); }
    }

    if (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        setTarget("", "");
        body.focus();
      });
    }
    form.addEventListener("hub:draft-discarded", function () { setTarget("", ""); });

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-reply], a[data-quote]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      var post = link.closest("[data-post-number]");
      if (!post || !form.isConnected) { return; }
      event.preventDefault();
      var number = post.getAttribute("data-post-number");
      if (link.hasAttribute("data-reply")) {
        setTarget(link.getAttribute("data-reply"), number);
        body.focus();
        return;
      }
      // The quote endpoint sits beside the draft one: .../t/<id>/p/<number>/quote/
      var quoteUrl = form.getAttribute("data-draft-url").replace(/draft\/$/, "p/" + number + "/quote/");
      fetch(quoteUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(readJson)
        .then(function (result) {
          if (!result.ok) { throw new Error(result.data.error || ""); }
          insertAtCursor(body, result.data.markdown);
          setTarget(result.data.reply_to, result.data.number);
        })
        .catch(function (error) { showError(error.message); });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) { return; }
      sending = true;
      if (errorBox) { errorBox.hidden = true; }
      if (form.hubDraft) { form.hubDraft.sending(true); }
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(readJson)
        .then(function (result) {
          if (!result.ok) {
            showError(result.data.error);
            if (form.hubDraft) { form.hubDraft.sending(false); }
            return;
          }
          var data = result.data;
          if (key && data.idempotency_key) { key.value = data.idempotency_key; }
          body.value = "";
          setTarget("", "");
          var files = form.querySelector("input[type=file]");
          if (files) { files.value = ""; }
          var preview = document.getElementById(body.id + "-preview");
          if (preview) { preview.innerHTML = ""; }
          if (form.hubDraft) { form.hubDraft.posted(); }
          var detail = { number: data.number, html: data.html, url: data.url, pending: Boolean(data.pending), handled: false };
          document.dispatchEvent(new CustomEvent("hub:reply-posted", { detail: detail }));
          if (!detail.handled) {
            window.location.assign(data.url);
            return;
          }
          var status = form.querySelector("[data-draft-status]");
          if (status) { status.textContent = data.message || form.getAttribute("data-t-posted"); }
          body.focus();
        })
        .catch(function () {
          showError("");
          if (form.hubDraft) { form.hubDraft.sending(false); }
        })
        .then(function () {
          sending = false;
          if (button) { setTimeout(function () { button.disabled = false; }, 0); }
        });
    });
  }

  document.querySelectorAll("form[data-draft-url]").forEach(setupDraft);
  document.querySelectorAll("form[data-inline-reply]").forEach(setupInlineReply);
})();
