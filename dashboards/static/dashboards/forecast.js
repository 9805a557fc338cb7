// Draws the forecast chart from the JSON data block the page renders (no inline script).
(function () {
  "use strict";
  var dataNode = document.getElementById("forecast-data");
  var canvas = document.getElementById("forecast-chart");
  if (!dataNode || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.pool_planned, data: data.pool_planned, borderColor: "#0b5563", tension: 0.2 },
        { label: data.names.pool_realistic, data: data.pool_realistic, borderColor: "#0b5563", borderDash: [6, 4], tension: 0.2 },
        { label: data.names.converted_planned, data: data.converted_planned, borderColor: "#2e7d32", tension: 0.2 },
        { label: data.names.converted_realistic, data: data.converted_realistic, borderColor: "#2e7d32", borderDash: [6, 4], tension: 0.2 },
        { label: data.names.vacancies, data: data.vacancies, borderColor: "#b3261e", tension: 0.2 }
      ]
    },
    options: {
      responsive: true,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, title: { display: true, text: data.names.axis } } }
    }
  });
})();
