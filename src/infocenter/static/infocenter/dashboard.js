// Dashboard charts (ECharts, served locally). The numbers are also in the tables beside them.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colour = "#1f4e79";
  function bar(id, rows, options) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var chart = echarts.init(el);
    chart.setOption(Object.assign({
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: { color: colour } }]
    }, options || {}));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  bar("chart-daily", data.daily, { series: [{ type: "line", smooth: true, areaStyle: {}, data: data.daily.map(function (r) { return r[1]; }), itemStyle: { color: colour } }] });
  bar("chart-sla", data.sla, { yAxis: { type: "value", max: 100 } });
  bar("chart-by_category", data.by_category);
  bar("chart-by_source", data.by_source);
  bar("chart-by_department", data.by_department);
})();
