// The register form: show only the organisers' questions asked of the way of taking part
// chosen above. Without this script every group shows, and the server ignores (and does not
// require) the answers to the questions the chosen mode is not asked.
(function () {
  "use strict";
  var form = document.querySelector("form [name=attendance_mode]");
  if (!form) { return; }
  form = form.form;
  var groups = form.querySelectorAll("fieldset[data-asked-of]");

  function chosenMode() {
    var checked = form.querySelector("[name=attendance_mode]:checked");
    return checked ? checked.value : null;
  }

  function update() {
    var mode = chosenMode();
    groups.forEach(function (group) {
      var askedOf = group.getAttribute("data-asked-of");
      group.hidden = mode !== null && askedOf !== "everyone" && askedOf !== mode;
    });
  }

  form.querySelectorAll("[name=attendance_mode]").forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
