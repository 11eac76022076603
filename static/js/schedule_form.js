// The schedule form shows only the fields of the chosen frequency (day, weekday, time or cron).
(function () {
  const form = document.getElementById("schedule-form");
  if (!form) return;
  const frequency = form.querySelector("[name=frequency]");
  function update() {
    const chosen = frequency.value || "monthly";
    form.querySelectorAll("[data-for]").forEach(function (block) {
      block.hidden = !block.dataset.for.split(" ").includes(chosen);
    });
  }
  frequency.addEventListener("change", update);
  update();
})();
