/* A rejected form (400/422) comes back re-rendered with its messages, and htmx swaps it in
   place (responseHandling in base.html).  A 400 that is not HTML (a JSON or text error of an
   API-style endpoint) is not swapped: it stays an error for the page's own handlers. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status !== 400 && xhr.status !== 422) { return; }
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") === -1) {
      event.detail.shouldSwap = false;
      event.detail.isError = true;
    }
  });
})();
