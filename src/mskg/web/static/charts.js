// The indicator page's charts (Chart.js from /static/vendor/chartjs): the latest actual value per
// region (bars, each linked to its observation) and, when there are several periods, a line per region.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var bars = document.getElementById("chart-regions");
  if (bars && data.bars.length) {
    window.mskgCharts = window.mskgCharts || [];
    window.mskgCharts.push(new Chart(bars, {
      type: "bar",
      data: {
        labels: data.bars.map(function (b) { return b.label + " (" + b.period + ")"; }),
        datasets: [{ label: data.unit || "value", data: data.bars.map(function (b) { return b.value; }),
                     backgroundColor: "#3a78b8" }]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        onClick: function (event, elements) {
          if (elements.length) { window.location.href = data.bars[elements[0].index].url; }
        }
      }
    }));
  }
  var lines = document.getElementById("chart-series");
  if (lines && data.periods.length > 1) {
    var colours = ["#3a78b8", "#e07b00", "#2e9e5b", "#c0392b", "#8e44ad", "#16a085", "#7f8c8d", "#d4ac0d"];
    window.mskgCharts.push(new Chart(lines, {
      type: "line",
      data: {
        labels: data.periods,
        datasets: data.lines.map(function (line, i) {
          return { label: line.label, data: line.values, borderColor: colours[i % colours.length],
                   backgroundColor: colours[i % colours.length], spanGaps: true };
        })
      },
      options: { maintainAspectRatio: false, animation: false }
    }));
  }
})();
