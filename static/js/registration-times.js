// The manage page's status card: the conference's dates also in the browser's own time zone.
// Progressive: the server shows them in the venue's zone (and in the zone the visitor chose on
// the programme pages); without this script, or in the venue's zone, nothing changes.
(function () {
  "use strict";
  var line = document.getElementById("browser-zone-span");
  if (!line || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === line.getAttribute("data-venue-zone")) {
    return;
  }
  var language = document.documentElement.lang || undefined;
  var options = {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone
  };
  var starts = new Date(line.getAttribute("data-starts"));
  var ends = new Date(line.getAttribute("data-ends"));
  var offset = "";
  try {
    offset = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(starts)
      .filter(function (part) {
        return part.type === "timeZoneName";
      })[0].value.replace("GMT", "UTC");
  } catch (error) {
    offset = "";
  }
  var format = new Intl.DateTimeFormat(language, options);
  function time(moment) {
    var element = document.createElement("time");
    element.dateTime = moment.toISOString();
    element.textContent = format.format(moment);
    return element;
  }
  var note = document.createElement("span");
  note.className = "text-body-secondary";
  note.textContent =
    "(" +
    line
      .getAttribute("data-label")
      .replace("%(zone)s", zone)
      .replace("%(offset)s", offset || zone) +
    ")";
  line.appendChild(time(starts));
  line.appendChild(document.createTextNode(" – "));
  line.appendChild(time(ends));
  line.appendChild(document.createTextNode(" "));
  line.appendChild(note);
  line.hidden = false;
})();
