// Swagger UI for the API docs page, fed from the schema URL on the container (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var container = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: true,
    supportedSubmitMethods: ["get"],
  });
});
