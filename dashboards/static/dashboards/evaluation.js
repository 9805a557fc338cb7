// Draws one small trend chart per programme goal from the JSON data block the page
// renders (no inline script): the KPI's value at each month end and today, and its target.
(function () {
  "use strict";
  var dataNode = document.getElementById("evaluation-data");
  if (!dataNode || typeof Chart === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  var colours = { green: "#2e7d32", orange: "#a35f00", red: "#b3261e", grey: "#6c757d" };
  document.querySelectorAll("canvas.evaluation-trend").forEach(function (canvas) {
    var kpi = data.kpis[Number(canvas.dataset.index)];
    if (!kpi) { return; }
    var colour = colours[kpi.light] || colours.grey;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.names.actual, data: kpi.values, borderColor: colour, backgroundColor: colour, tension: 0.2, spanGaps: true },
          { label: data.names.target, data: data.labels.map(function () { return kpi.target; }), borderColor: "#495057", borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: {
        responsive: true,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { display: false } }
      }
    });
  });
})();
