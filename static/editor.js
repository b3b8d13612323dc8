// The lesson editor's preview: Kurs's own few lines, no library. Without script, the Preview
// button posts the form and the page comes back with the preview; with it, the preview is
// fetched and shown in place, and a click on an error puts the cursor on its line.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  if (!form) { return; }
  var source = document.getElementById("source");
  var target = document.getElementById("preview");

  function goToLine(number) {
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < number - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    source.focus();
    source.setSelectionRange(start, start + (lines[number - 1] || "").length);
  }

  target.addEventListener("click", function (event) {
    var item = event.target.closest("[data-line]");
    if (item) { goToLine(parseInt(item.getAttribute("data-line"), 10)); }
  });

  document.getElementById("preview-button").addEventListener("click", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    target.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-preview"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { form.submit(); })
      .finally(function () { target.removeAttribute("aria-busy"); });
  });
})();
