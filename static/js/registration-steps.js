// The registration form in steps (who you are, how you attend, your answers, consent).
// Progressive: without this script the form is one page of four fieldsets and one button,
// and the server checks everything as it always does. With it, one step shows at a time
// with Back and Next; Next first checks the step's fields in the browser (the server still
// checks them all again), the step indicator marks the current step (aria-current="step")
// and focus moves to the step's heading. A page that comes back with the server's errors
// opens at the first step that has one. The texts come translated from the page
// (#registration-progress's data attributes): this file holds no words of its own.
(function () {
  "use strict";
  var progress = document.getElementById("registration-progress");
  var first = document.querySelector("form fieldset.registration-step");
  if (!progress || !first || !first.form) {
    return;
  }
  var form = first.form;
  var text = progress.dataset;
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.registration-step"));
  var items = Array.prototype.slice.call(progress.querySelectorAll("li"));
  var current = 0;

  // This script checks each step with the browser's own rules and shows its messages
  // beside the fields; the browser's bubbles would point into hidden steps.
  form.noValidate = true;

  function hiddenWithin(element, container) {
    for (var node = element; node && node !== container; node = node.parentElement) {
      if (node.hidden) {
        return true;
      }
    }
    return false;
  }

  function fieldsOf(step) {
    return Array.prototype.filter.call(
      step.querySelectorAll("input, select, textarea"),
      function (field) {
        return (
          field.type !== "hidden" &&
          field.type !== "submit" &&
          field.type !== "button" &&
          !field.disabled &&
          !field.closest(".hp-field") &&
          !hiddenWithin(field, step)
        );
      }
    );
  }

  // A step with nothing to ask for the way of taking part chosen (the answers step when
  // every group of questions is hidden) is passed over.
  function skipped(step) {
    var groups = step.querySelectorAll("fieldset[data-asked-of]");
    return (
      groups.length > 0 &&
      Array.prototype.every.call(groups, function (group) {
        return group.hidden;
      })
    );
  }

  function lastStep() {
    for (var i = steps.length - 1; i > 0; i--) {
      if (!skipped(steps[i])) {
        return i;
      }
    }
    return 0;
  }

  function wrapperOf(field) {
    return document.getElementById("div_" + field.id.replace(/_\d+$/, "")) ||
      document.getElementById("div_id_" + field.name) ||
      field.parentElement;
  }

  function messageFor(field) {
    var validity = field.validity;
    if (validity.valueMissing) {
      if (field.type === "checkbox") {
        return text.tick;
      }
      if (field.type === "radio" || field.tagName === "SELECT") {
        return text.choose;
      }
      return text.required;
    }
    if (validity.typeMismatch && field.type === "email") {
      return text.email;
    }
    return field.validationMessage || text.invalid;
  }

  // What is wrong with a field (with all of its group: radios, several boxes), or "".
  // A question the organisers require is marked data-required: asked whenever shown.
  function problemOf(field) {
    var group = groupOf(field);
    var wrong = group.find(function (member) {
      return !member.checkValidity();
    });
    if (wrong) {
      return messageFor(wrong);
    }
    if (field.hasAttribute("data-required")) {
      var choosing = field.type === "radio" || field.type === "checkbox";
      var empty = choosing
        ? !group.some(function (member) {
            return member.checked;
          })
        : !field.value.trim();
      if (empty) {
        return choosing || field.tagName === "SELECT" ? text.choose : text.required;
      }
    }
    return "";
  }

  function groupOf(field) {
    if (field.type === "radio" || field.type === "checkbox") {
      return Array.prototype.slice.call(form.querySelectorAll('[name="' + field.name + '"]'));
    }
    return [field];
  }

  function describe(field, id, on) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (other) {
      return other !== id;
    });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      field.setAttribute("aria-describedby", ids.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }

  function clearError(field) {
    var id = "step-error-" + field.name;
    var message = document.getElementById(id);
    if (message) {
      message.remove();
    }
    groupOf(field).forEach(function (member) {
      describe(member, id, false);
      if (!member.classList.contains("is-invalid")) {
        member.removeAttribute("aria-invalid");
      }
    });
  }

  function showError(field, words) {
    var id = "step-error-" + field.name;
    var message = document.getElementById(id);
    if (!message) {
      message = document.createElement("div");
      message.id = id;
      message.className = "invalid-feedback d-block step-error";
      wrapperOf(field).appendChild(message);
    }
    message.textContent = words;
    groupOf(field).forEach(function (member) {
      member.setAttribute("aria-invalid", "true");
      describe(member, id, true);
    });
  }

  // Checks the step's fields; shows a message beside each wrong one and, with `focus`, puts
  // the cursor in the first. Returns whether the step may be left.
  function check(step, focus) {
    var firstWrong = null;
    var seen = {};
    fieldsOf(step).forEach(function (field) {
      if (seen[field.name]) {
        return;
      }
      seen[field.name] = true;
      var words = problemOf(field);
      if (words) {
        showError(field, words);
        firstWrong = firstWrong || field;
      } else {
        clearError(field);
      }
    });
    if (firstWrong && focus) {
      firstWrong.focus();
    }
    return firstWrong === null;
  }

  function show(index, focus) {
    current = index;
    var last = lastStep();
    steps.forEach(function (step, i) {
      step.hidden = i !== index;
      if (items[i]) {
        items[i].hidden = skipped(step);
        items[i].classList.toggle("done", i < index);
        if (i === index) {
          items[i].setAttribute("aria-current", "step");
        } else {
          items[i].removeAttribute("aria-current");
        }
      }
      var next = step.querySelector("[data-step-next]");
      if (next) {
        next.hidden = i >= last;
      }
      var submit = step.querySelector("[type=submit]");
      if (submit) {
        submit.hidden = i < last;
      }
    });
    if (focus) {
      steps[index].querySelector(".registration-step-heading").focus();
    }
  }

  function next() {
    if (!check(steps[current], true)) {
      return;
    }
    var i = current + 1;
    while (i < steps.length - 1 && skipped(steps[i])) {
      i++;
    }
    show(i, true);
  }

  function back() {
    var i = current - 1;
    while (i > 0 && skipped(steps[i])) {
      i--;
    }
    show(i, true);
  }

  function button(label, className, handler, marker) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    element.setAttribute(marker, "");
    element.addEventListener("click", handler);
    return element;
  }

  // Back and Next below each step; the last step's own button (Register) joins them.
  steps.forEach(function (step, i) {
    var nav = document.createElement("div");
    nav.className = "registration-step-nav";
    if (i > 0) {
      nav.appendChild(button(text.back, "btn btn-outline-secondary", back, "data-step-back"));
    }
    nav.appendChild(button(text.next, "btn btn-primary", next, "data-step-next"));
    var submit = step.querySelector("[type=submit]");
    if (submit) {
      nav.appendChild(submit);
    }
    step.appendChild(nav);
  });

  // A wrong field's message goes as soon as it is corrected: while typing, not on leaving
  // the field, so that nothing moves under the pointer on its way to the Next button.
  function recheck(event) {
    var field = event.target;
    if (!field.name || !document.getElementById("step-error-" + field.name)) {
      return;
    }
    var words = problemOf(field);
    if (words) {
      showError(field, words);
    } else {
      clearError(field);
    }
  }
  form.addEventListener("input", recheck);
  form.addEventListener("change", recheck);

  form.addEventListener("submit", function (event) {
    // Enter in a field of an earlier step means Next, not Register.
    if (current < lastStep()) {
      event.preventDefault();
      next();
      return;
    }
    for (var i = 0; i < steps.length; i++) {
      if (!skipped(steps[i]) && !check(steps[i], false)) {
        event.preventDefault();
        show(i, false);
        check(steps[i], true);
        return;
      }
    }
  });

  // The in-person details only for in-person attendance.
  var modes = form.querySelectorAll("[name=attendance_mode]");
  function updateInPerson() {
    var chosen = form.querySelector("[name=attendance_mode]:checked");
    form.querySelectorAll("[data-in-person-only]").forEach(function (group) {
      group.hidden = chosen !== null && chosen.value !== "in_person";
    });
  }
  modes.forEach(function (input) {
    input.addEventListener("change", updateInPerson);
  });
  updateInPerson();

  // The summary of the server's errors links to each field: the link opens its step.
  document.querySelectorAll("[data-error-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      var step = target && target.closest("fieldset.registration-step");
      if (step) {
        event.preventDefault();
        show(steps.indexOf(step), false);
        target.focus();
      }
    });
  });

  progress.hidden = false;
  form.classList.add("registration-stepped");
  var wrong = form.querySelector(".is-invalid, [aria-invalid=true], .invalid-feedback");
  var opening = wrong ? steps.indexOf(wrong.closest("fieldset.registration-step")) : 0;
  show(opening < 0 ? 0 : opening, false);
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
