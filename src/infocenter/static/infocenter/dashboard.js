// Dashboard charts (ECharts, served locally). The numbers are also in the tables beside them.
// Each row of the data is [label, value, URL]: clicking a bar or a point opens the list
// behind it (the same URL as the number in the table).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colour = "#1f4e79";
  var palette = ["#1f4e79", "#2e86c1", "#f39c12", "#c0392b", "#27ae60"];
  function follow(chart, urlOf) {
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) window.location.href = url;
    });
  }
  function start(id) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return null;
    var chart = echarts.init(el);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  function bar(id, rows, options) {
    var chart = start(id);
    if (!chart) return;
    chart.setOption(Object.assign({
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: { color: colour } }]
    }, options || {}));
    follow(chart, function (p) { return rows[p.dataIndex] && rows[p.dataIndex][2]; });
  }
  function sites(id, s) {
    var chart = start(id);
    if (!chart) return;
    var series = [{ name: s.formsLabel, type: "bar", yAxisIndex: 0, data: s.forms.map(function (r) { return r[0]; }) }];
    s.clocks.forEach(function (c) {
      series.push({ name: c.name, type: "bar", yAxisIndex: 1, data: c.rows.map(function (r) { return r[0]; }) });
    });
    chart.setOption({
      color: palette,
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: s.names },
      yAxis: [{ type: "value", minInterval: 1, name: s.formsUnit }, { type: "value", max: 100, name: "%" }],
      series: series
    });
    follow(chart, function (p) {
      if (p.seriesIndex === 0) return s.forms[p.dataIndex][1];
      return s.clocks[p.seriesIndex - 1].rows[p.dataIndex][1];
    });
  }
  bar("chart-daily", data.daily, { series: [{ type: "line", smooth: true, areaStyle: {}, data: data.daily.map(function (r) { return r[1]; }), itemStyle: { color: colour } }] });
  bar("chart-sla", data.sla, { yAxis: { type: "value", max: 100 } });
  bar("chart-by_category", data.by_category);
  bar("chart-by_source", data.by_source);
  bar("chart-by_department", data.by_department);
  sites("chart-sites", data.sites);
})();
