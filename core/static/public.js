/* The public pages' only script; every page works without it.
   - Error summary: focused when the page loads (the autofocus attribute does this too; this covers browsers
     that ignore autofocus on a non-form element), so a screen reader reads the problems first.
   - Exit this page (GOV.UK pattern): a click, or Shift pressed three times within 5 seconds, blanks the page
     at once and replaces it with the neutral site, so Back does not return here.
   - "None of these" checkboxes (GOV.UK exclusive behaviour): ticking it unticks the others, and the other way round. */
(function () {
  "use strict";
  var summary = document.querySelector(".govuk-error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  // Exclusive checkboxes (GOV.UK): ticking "None of these" unticks the others of its question, and ticking another
  // unticks "None of these". Without the script the server refuses the mix with an error instead.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.checked || !box.matches || !box.matches(".govuk-checkboxes__input")) {
      return;
    }
    var group = box.closest(".govuk-checkboxes");
    if (!group) {
      return;
    }
    var exclusive = box.getAttribute("data-behaviour") === "exclusive";
    Array.prototype.forEach.call(group.querySelectorAll(".govuk-checkboxes__input"), function (other) {
      if (other !== box && other.name === box.name && (exclusive || other.getAttribute("data-behaviour") === "exclusive")) {
        other.checked = false;
      }
    });
  });

  var button = document.querySelector(".govuk-js-exit-this-page-button");
  if (!button) {
    return;
  }
  var target = button.getAttribute("href");
  var status = document.getElementById("exit-this-page-status");
  var hint = document.querySelector(".govuk-exit-this-page__hint");
  if (hint) {
    hint.hidden = false;
  }

  function exit(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("ll-exiting");
    window.location.replace(target);
  }
  button.addEventListener("click", exit);

  var presses = 0;
  var alone = false;
  var timer = null;
  function reset() {
    presses = 0;
    if (status) {
      status.textContent = "";
    }
  }
  document.addEventListener("keydown", function (event) {
    // Shift held to type a capital letter is not a press of Shift on its own; any other key starts again.
    alone = event.key === "Shift";
    if (!alone) {
      reset();
    }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || !alone) {
      return;
    }
    alone = false;
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, 5000);
    if (presses >= 3) {
      if (status) {
        status.textContent = "Exit this page activated";
      }
      exit();
    } else if (status) {
      status.textContent = "Shift, press " + (3 - presses) + " more time" + (presses === 2 ? "" : "s") + " to exit.";
    }
  });
})();
