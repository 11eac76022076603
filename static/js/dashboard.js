// Dashboard charts, drawn from the data the server embeds with json_script (#dashboard-charts).
// Every chart repeats a table on the page, so nothing is lost without JavaScript.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  // Chart boxes stay hidden without JavaScript, so the tables are not pushed down by blank space.
  document.documentElement.classList.add("charts-on");
  var colours = ["#0b4f8a", "#f0a202", "#157347", "#6f42c1"];

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = charts[canvas.dataset.chart];
    if (!data) {
      return;
    }
    var horizontal = canvas.dataset.chartKind === "funnel";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.values.map(Number),
            backgroundColor: colours[index % colours.length],
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        plugins: { legend: { display: !horizontal, position: "bottom" } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    });
  });
})();
