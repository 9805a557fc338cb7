// Draws the support figures' quarterly trend from the page's JSON block (no inline script).
(function () {
  "use strict";
  var dataNode = document.getElementById("support-trend-data");
  var canvas = document.getElementById("support-trend-chart");
  if (!dataNode || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.started, data: data.started, backgroundColor: "#0b5563", yAxisID: "y" },
        { type: "line", label: data.names.absence, data: data.absence, borderColor: "#b3261e", spanGaps: false, yAxisID: "y1" }
      ]
    },
    options: {
      responsive: true,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } }
      }
    }
  });
})();
