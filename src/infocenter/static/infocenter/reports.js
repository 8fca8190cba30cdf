// Report charts (X-9; ECharts, served locally), drawn as SVG so that the printed page keeps
// them as sharp as on screen. The numbers are also in the tables and figures beside them; a bar
// or point opens the list behind its category where the section's table of the same key links it.
// On the A4 print view the charts are drawn without animation, so a print started at once
// catches them complete, and they are redrawn to the paper's width before printing.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof echarts === "undefined") return;
  var printing = !!document.querySelector("main.sheet");
  var palette = ["#1f4e79", "#2e86c1", "#f39c12", "#c0392b", "#27ae60", "#8e44ad"];
  var drawn = [];
  JSON.parse(source.textContent).forEach(function (c) {
    var box = document.getElementById(c.id);
    if (!box) return;
    var chart = echarts.init(box, null, { renderer: "svg" });
    var several = c.series.length > 1;
    chart.setOption({
      animation: !printing,
      color: palette,
      legend: several ? { top: 0 } : { show: false },
      grid: { left: 8, right: 12, top: several ? 32 : 12, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        valueFormatter: function (v) { return v == null ? "—" : v + (c.unit ? " " + c.unit : ""); }
      },
      xAxis: { type: "category", data: c.categories, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: c.unit || "", nameTextStyle: { align: "left" } },
      series: c.series.map(function (s) {
        return { name: s.name, type: c.kind === "line" ? "line" : "bar", data: s.data, smooth: c.kind === "line" };
      })
    });
    if (!printing && c.links && c.links.length) {
      chart.on("click", function (params) {
        var url = c.links[params.dataIndex];
        if (url) window.location.href = url;
      });
    }
    drawn.push(chart);
  });
  function resize() { drawn.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
