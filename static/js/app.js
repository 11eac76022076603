// Small behaviours without inline script (the Content-Security-Policy forbids it).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.submit();
  }
});

// Amounts are typed in yuan and read everywhere else in 万元: show the 万元 figure as it is typed.
function showWan(input) {
  var preview = input.parentElement.querySelector(".wan-preview");
  if (!preview) {
    preview = document.createElement("div");
    preview.className = "form-text wan-preview";
    preview.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", preview);
  }
  var yuan = Number(String(input.value).replace(/,/g, ""));
  preview.textContent = input.value.trim() !== "" && isFinite(yuan)
    ? "= " + (yuan / 10000).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " " + input.dataset.wanUnit
    : "";
}
document.addEventListener("input", function (event) {
  if (event.target.matches("[data-wan-unit]")) {
    showWan(event.target);
  }
});
document.querySelectorAll("[data-wan-unit]").forEach(showWan);

// The office's review form asks before accepting: an accepted assessment's total and grade are final.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.dataset ? form.dataset.confirmAccept : undefined;
  if (message && form.elements.decision && form.elements.decision.value === "accept" && !window.confirm(message)) {
    event.preventDefault();
  }
});
