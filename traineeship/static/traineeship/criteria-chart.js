// Draws the five success criteria over time from a json_script block; the page
// always has the same figures in a table, so nothing is lost without JavaScript.
(function () {
  "use strict";
  var colours = ["#1b6ca8", "#e07a1f", "#2e8b57", "#8e44ad", "#c0392b"];
  document.querySelectorAll("canvas.js-criteria-chart").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (serie, index) {
          return {
            label: serie.label,
            data: serie.values,
            borderColor: colours[index % colours.length],
            backgroundColor: colours[index % colours.length],
            spanGaps: true,
            tension: 0.2
          };
        })
      },
      options: { animation: false, scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } } } }
    });
  });
})();
