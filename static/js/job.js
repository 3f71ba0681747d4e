// While a job runs, refresh its status region every second without reloading the page, so
// focus and the screen reader's place are kept; without JavaScript the "refresh" link does it.
(function () {
  "use strict";
  function poll() {
    var region = document.getElementById("job-status");
    if (!region || !region.dataset.running) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("job-status");
        if (next) {
          region.innerHTML = next.innerHTML;
          if (!next.dataset.running) delete region.dataset.running;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
