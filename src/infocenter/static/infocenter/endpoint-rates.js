// IT-2: the history of the registration and real-name rates (ECharts, served locally). The
// figures are also in the table below the chart.
(function () {
  "use strict";
  var el = document.getElementById("chart-rates");
  if (!el || typeof echarts === "undefined") return;
  var rows = JSON.parse(document.getElementById("rates-history").textContent);
  var labels = JSON.parse(document.getElementById("rates-labels").textContent);
  var chart = echarts.init(el);
  chart.setOption({
    grid: { left: 50, right: 30, top: 40, bottom: 30 },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " %"; } },
    legend: { top: 0, data: [labels.registration, labels.real_name] },
    xAxis: { type: "category", data: rows.map(function (r) { return r.day; }) },
    yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100, axisLabel: { formatter: "{value} %" } },
    series: [
      { name: labels.registration, type: "line", data: rows.map(function (r) { return r.registration_rate; }), itemStyle: { color: "#1f4e79" }, markLine: { silent: true, symbol: "none", label: { show: false }, data: [{ yAxis: 100 }] } },
      { name: labels.real_name, type: "line", data: rows.map(function (r) { return r.real_name_rate; }), itemStyle: { color: "#2e8b57" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
