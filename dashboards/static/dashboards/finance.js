// Draws the financial plan chart from the JSON data block the page renders (no inline script).
(function () {
  "use strict";
  var dataNode = document.getElementById("finance-data");
  var canvas = document.getElementById("finance-chart");
  if (!dataNode || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.costs, data: data.costs, backgroundColor: "#b3261e", yAxisID: "y" },
        { type: "bar", label: data.names.funding, data: data.funding, backgroundColor: "#0b5563", yAxisID: "y" },
        { type: "bar", label: data.names.savings, data: data.savings, backgroundColor: "#2e7d32", yAxisID: "y" },
        { type: "line", label: data.names.cumulative_net, data: data.cumulative_net, borderColor: "#5c4b00", tension: 0.2, yAxisID: "y" }
      ]
    },
    options: {
      responsive: true,
      interaction: { mode: "index", intersect: false },
      scales: { y: { title: { display: true, text: data.names.axis } } }
    }
  });
})();
