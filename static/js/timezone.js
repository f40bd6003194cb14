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
  // The zone list names each city in the page's language where it differs from the
  // English IANA name ("Пекин" for Asia/Shanghai).
  var city = "";
  Array.prototype.forEach.call(document.querySelectorAll("#tz-names option"), function (option) {
    if (option.value === zone && option.label && option.label !== zone) {
      city = option.label;
    }
  });
  form.querySelector("[data-browser-zone-name]").textContent = city
    ? city + " (" + zone + ")"
    : zone;
  form.hidden = false;
})();
