// Practice: a character counter under each reply box, against the network's or the trainer's limit.
// Without this script the box works the same, and the hint under it names the limit.
(function () {
  document.querySelectorAll("textarea[data-limit]").forEach(function (box) {
    var counter = document.getElementById(box.dataset.counter);
    var alarm = document.getElementById(box.dataset.alarm);  // spoken once when the limit is crossed, not at each key
    var limit = parseInt(box.dataset.limit, 10);
    var over = false;
    function update() {
      var used = Array.from(box.value.trim()).length;
      counter.textContent = counter.dataset.template.replace("%(count)s", used).replace("%(limit)s", limit);
      counter.classList.toggle("over", used > limit);
      if ((used > limit) !== over) {
        over = used > limit;
        alarm.textContent = over ? alarm.dataset.over : "";
      }
    }
    box.addEventListener("input", update);
    update();
  });
})();
