// /api/docs: Swagger UI (vendored) over this server's /api/openapi.json; nothing is
// loaded from another host. "Try it out" calls this server.
/* global SwaggerUIBundle */
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#api-docs",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    onComplete: () => { document.body.dataset.state = "ready"; },
  });
});
