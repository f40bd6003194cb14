// Filters the programme by day and track at once, without a reload. Progressive: the form
// works without this script (the server filters on ?day= and ?track=).
(function () {
  "use strict";
  var form = document.querySelector("[data-programme-filter]");
  // A page the server filtered holds only the matching sessions: the form asks it again.
  if (!form || form.hasAttribute("data-server-filtered") || !window.history.replaceState) {
    return;
  }
  var count = form.querySelector("[data-programme-count]");
  var empty = form.querySelector("[data-programme-empty]");
  var days = document.querySelectorAll("[data-programme-day]");

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function apply() {
    var day = value("day");
    var track = value("track");
    var shown = 0;
    Array.prototype.forEach.call(days, function (section) {
      var dayMatches = !day || section.getAttribute("data-day") === day;
      var inDay = 0;
      Array.prototype.forEach.call(section.querySelectorAll("[data-track]"), function (card) {
        var matches = dayMatches && (!track || card.getAttribute("data-track") === track);
        card.hidden = !matches;
        if (matches) {
          inDay += 1;
        }
      });
      section.hidden = inDay === 0;
      shown += inDay;
    });
    count.textContent = count.getAttribute("data-template").replace("{shown}", String(shown));
    empty.hidden = shown !== 0;
    var url = new URL(window.location.href);
    [["day", day], ["track", track]].forEach(function (pair) {
      if (pair[1]) {
        url.searchParams.set(pair[0], pair[1]);
      } else {
        url.searchParams.delete(pair[0]);
      }
    });
    window.history.replaceState(null, "", url.toString());
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
})();
