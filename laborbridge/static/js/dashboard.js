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
  var mapBox = document.getElementById("map");
  var map = echarts.init(mapBox);
  fetch(mapBox.dataset.geo).then(function (response) { return response.json(); }).then(function (geo) {
    echarts.registerMap("china", geo);
    var names = {};
    geo.features.forEach(function (f) { names[f.properties.id] = f.properties.name; });
    var values = Object.keys(data.provinces).map(function (code) {
      return { name: names[code] || code, value: data.provinces[code] };
    });
    var top = Math.max.apply(null, values.map(function (v) { return v.value; }).concat([1]));
    map.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + (p.value || 0) + " 人"; } },
      visualMap: { min: 0, max: top, left: 8, bottom: 8, text: ["多", "少"], calculable: true },
      series: [{ type: "map", map: "china", roam: true, data: values }]
    });
  });
  window.addEventListener("resize", function () { trend.resize(); places.resize(); map.resize(); });
})();
