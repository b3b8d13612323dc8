// Copy buttons for set-password links: Kurs's own few lines, no library. Without script the links
// are plain text to select and the buttons stay hidden; with it, each button copies its link and
// the page's live region (#copy-status) says so, for screen readers as for everyone else.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  if (!status) { return; }

  function say(text) {
    // emptied first: the same sentence twice in a row is announced again
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBySelection(element) {
    // plain http on an intranet has no navigator.clipboard: the older way still works there
    select(element);
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    return done;
  }

  function copied(button) {
    var label = button.querySelector(".copy-label");
    var before = button.getAttribute("data-label") || label.textContent;
    button.setAttribute("data-label", before);
    label.textContent = button.getAttribute("data-done");
    say(button.getAttribute("data-said"));
    window.setTimeout(function () { label.textContent = before; }, 3000);
  }

  function failed(button, element) {
    select(element);
    say(button.getAttribute("data-failed"));
  }

  function copy(button) {
    var element = document.getElementById(button.getAttribute("data-copy"));
    var text = element.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button); },
        function () { if (copyBySelection(element)) { copied(button); } else { failed(button, element); } });
    } else if (copyBySelection(element)) {
      copied(button);
    } else {
      failed(button, element);
    }
    button.focus();
  }

  var buttons = document.querySelectorAll("button.copy-link[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) { copy(event.currentTarget); });
  }
}());
