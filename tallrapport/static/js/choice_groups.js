/* A group of checkboxes as one tab stop (fieldset[data-choice-group]).
 *
 * Tab enters the group at one box and leaves it at the next field; the arrow
 * keys, Home and End move between the boxes, a letter moves to the next box
 * whose label begins with it, and Space ticks as usual. The boxes stay real
 * checkboxes in a fieldset with a legend, so a screen reader announces each
 * one as it always did; without this script every box is a tab stop again.
 * A static file, because the Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  function labelOf(box) {
    var label = box.labels && box.labels[0];
    return label ? label.textContent.trim().toLowerCase() : "";
  }

  function setStop(boxes, stop) {
    boxes.forEach(function (box) {
      box.tabIndex = box === stop ? 0 : -1;
    });
  }

  function nextWithLetter(boxes, from, letter) {
    for (var step = 1; step <= boxes.length; step += 1) {
      var box = boxes[(from + step) % boxes.length];
      if (labelOf(box).charAt(0) === letter) {
        return box;
      }
    }
    return null;
  }

  function target(boxes, index, event) {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowRight":
        return boxes[(index + 1) % boxes.length];
      case "ArrowUp":
      case "ArrowLeft":
        return boxes[(index - 1 + boxes.length) % boxes.length];
      case "Home":
        return boxes[0];
      case "End":
        return boxes[boxes.length - 1];
      default:
        if (event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey) {
          return nextWithLetter(boxes, index, event.key.toLowerCase());
        }
        return null;
    }
  }

  function enhance(group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    if (boxes.length < 2) {
      return;
    }
    var firstTicked = boxes.filter(function (box) { return box.checked; })[0];
    setStop(boxes, firstTicked || boxes[0]);
    var hint = group.querySelector("[data-choice-hint]");
    if (hint) {
      hint.hidden = false;
      var described = (group.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(hint.id);
      group.setAttribute("aria-describedby", described.join(" "));
    }
    group.addEventListener("focusin", function (event) {
      if (boxes.indexOf(event.target) >= 0) {
        setStop(boxes, event.target);
      }
    });
    group.addEventListener("keydown", function (event) {
      var index = boxes.indexOf(event.target);
      if (index < 0) {
        return;
      }
      var next = target(boxes, index, event);
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
  }

  document.querySelectorAll("fieldset[data-choice-group]").forEach(enhance);
})();
