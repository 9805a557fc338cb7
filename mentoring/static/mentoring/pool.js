// Charts on the mentor pool page; the same figures are in the tables on the page.
(function () {
  "use strict";
  var source = document.getElementById("pool-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var load = document.getElementById("pool-load-chart");
  if (load && data.labels.length) {
    new window.Chart(load, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.label_mentees, data: data.mentees, backgroundColor: "#0d6efd" },
          { label: data.label_capacity, data: data.capacity, backgroundColor: "#adb5bd" }
        ]
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var pulse = document.getElementById("pool-pulse-chart");
  if (pulse && data.rounds.length) {
    new window.Chart(pulse, {
      type: "line",
      data: {
        labels: data.rounds,
        datasets: [
          { label: data.label_energy, data: data.energy, borderColor: "#198754" },
          { label: data.label_pressure, data: data.time_pressure, borderColor: "#dc3545" }
        ]
      },
      options: { scales: { y: { min: 1, max: 5 } } }
    });
  }
})();
