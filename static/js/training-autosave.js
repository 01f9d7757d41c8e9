// Keep a copy of long forms in this browser while typing, and offer it back if the page
// is reopened before the form was saved (session expiry, closed tab, lost connection).
// The server also keeps a form posted after the session expired and shows it after login.
(function () {
  "use strict";
  // Django's JavaScript catalogue (jsi18n/), or the English text if it did not load.
  var gettext = window.gettext || String;
  var PREFIX = "hub-training-draft:";
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-autosave");
    var fields = form.querySelectorAll("textarea, input[type=text], input:not([type])");
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && typeof saved === "object") {
      var differs = Array.prototype.some.call(fields, function (f) {
        return f.name in saved && saved[f.name] !== f.value && saved[f.name] !== "";
      });
      if (differs) {
        var note = document.createElement("div");
        note.className = "alert alert-info d-flex gap-2 align-items-center";
        note.setAttribute("role", "status");
        var text = document.createElement("span");
        text.textContent = form.getAttribute("data-autosave-message") || gettext("You have unsaved text from an earlier visit.");
        var restore = document.createElement("button");
        restore.type = "button";
        restore.className = "btn btn-sm btn-primary";
        restore.textContent = form.getAttribute("data-autosave-restore") || gettext("Restore");
        restore.addEventListener("click", function () {
          fields.forEach(function (f) { if (f.name in saved) { f.value = saved[f.name]; } });
          note.remove();
        });
        note.appendChild(text);
        note.appendChild(restore);
        form.prepend(note);
      }
    }
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var data = {};
        fields.forEach(function (f) { data[f.name] = f.value; });
        try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or disabled */ }
      }, 500);
    });
    form.addEventListener("submit", function () {
      try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  });
})();
