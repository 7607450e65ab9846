// Draw the dashboard's charts from the figures the page carries (no extra request).
(function () {
  var data = JSON.parse(JSON.parse(document.getElementById("chart-data").textContent));
  var trend = echarts.init(document.getElementById("trend"));
  trend.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["务工人数", "其中脱贫劳动力"] },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value" },
    series: [
      { name: "务工人数", type: "line", data: data.employed },
      { name: "其中脱贫劳动力", type: "line", data: data.alleviated }
    ]
  });
  var places = echarts.init(document.getElementById("places"));
  places.setOption({
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.places }]
  });
  window.addEventListener("resize", function () { trend.resize(); places.resize(); });
})();
