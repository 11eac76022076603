// Import forms: show a "processing" state while the file is read or written.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("[data-processing]")) {
    return;
  }
  form.querySelectorAll("button[type=submit]").forEach(function (button) {
    button.disabled = true;
  });
  var status = form.querySelector("[data-processing-status]");
  if (status) {
    status.hidden = false;
  }
});
