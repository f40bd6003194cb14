// Offers the browser's own time zone on programme pages. Progressive: the pages render
// every time on the server and work without this script.
(function () {
  "use strict";
  var form = document.querySelector("[data-browser-zone-form]");
  if (!form || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === form.getAttribute("data-current-zone")) {
    return;
  }
  form.querySelector("input[name=tz]").value = zone;
  form.querySelector("[data-browser-zone-name]").textContent = zone;
  form.hidden = false;
})();
