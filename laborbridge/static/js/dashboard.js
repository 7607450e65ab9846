// Draw the dashboard's charts from the figures the page carries (no extra request). The page leaves out
// the box of a chart that has no data (it says 暂无数据 instead), so each chart is drawn only if its box is there.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var charts = [];
  var trendBox = document.getElementById("trend");
  if (trendBox) {
    var trend = echarts.init(trendBox);
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
    charts.push(trend);
  }
  var placesBox = document.getElementById("places");
  if (placesBox) {
    var places = echarts.init(placesBox);
    places.setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.places }]
    });
    charts.push(places);
  }
  var mapBox = document.getElementById("map");
  if (mapBox) {
    var map = echarts.init(mapBox);
    charts.push(map);
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
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
