/* 首页 charts: draws the data the server computed (dashboard/charts.py) with ECharts.
   Amounts arrive as text in 亿元 and rates as text in percent; nothing is computed here. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);

  var css = getComputedStyle(document.documentElement);
  var color = function (name) { return css.getPropertyValue(name).trim(); };
  var BRAND = color("--brand"), OK = color("--ok"), BEHIND = color("--behind");
  var INK = color("--ink"), MUTED = color("--muted"), LINE = color("--line");
  var FONT = getComputedStyle(document.body).fontFamily;
  var BASE = {
    textStyle: { fontFamily: FONT, fontSize: 13, color: INK },
    animationDuration: 400,
    tooltip: { confine: true, textStyle: { fontFamily: FONT, fontSize: 13 } }
  };
  var ORIGIN_COLORS = { domestic_external: BRAND, foreign: "#e0a13a", in_region: "#b7c0cc" };
  var charts = [];

  function number(text) { return text === null || text === undefined ? null : Number(text); }
  function fixed(value) { return value === null || value === undefined ? "—" : Number(value).toFixed(2); }

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var chart = echarts.init(element);
    chart.setOption(Object.assign({}, BASE, option, {
      tooltip: Object.assign({}, BASE.tooltip, option.tooltip || {})
    }));
    // A click on an item with a URL opens the projects behind it.
    chart.on("click", function (event) {
      var url = event.data && event.data.url;
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
    return chart;
  }

  /* (a) Funds in place, cumulative by month, against the year's target and the pace line. */
  var funds = data.funds;
  var target = Number(funds.target);
  var actual = funds.actual.map(number);
  var last = actual.length - 1;
  draw("chart-funds", {
    grid: { left: 16, right: 28, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, right: 8, itemWidth: 18, textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return fixed(v) + " 亿元"; } },
    xAxis: {
      type: "category", data: funds.months, boundaryGap: false,
      axisLine: { lineStyle: { color: LINE } }, axisLabel: { color: MUTED }
    },
    yAxis: {
      type: "value",
      // Room above the target line, rounded to a step of 5 亿元 (or 1 for small targets).
      max: function (extent) {
        var top = Math.max(extent.max, target) * 1.08, step = top > 20 ? 5 : 1;
        return Math.ceil(top / step) * step;
      },
      splitLine: { lineStyle: { color: "#edf0f4" } }, axisLabel: { color: MUTED }
    },
    series: [
      {
        name: "累计到位资金", type: "line", data: actual.map(function (v, i) {
          return i === last ? { value: v, label: { show: true } } : v;
        }),
        color: BRAND, symbolSize: 7, lineStyle: { width: 3 },
        areaStyle: { color: "rgba(29, 78, 137, 0.10)" },
        label: { position: "top", fontSize: 15, fontWeight: "bold", color: BRAND,
                 formatter: function (p) { return fixed(p.value); } },
        markLine: {
          symbol: "none", silent: true,
          lineStyle: { color: BEHIND, type: "dashed", width: 2 },
          label: { position: "insideEndTop", color: BEHIND, fontSize: 13,
                   formatter: "全年目标 " + funds.target + " 亿元" },
          data: [{ yAxis: target }]
        }
      },
      {
        name: "序时目标", type: "line", data: funds.pace.map(number), color: MUTED,
        symbol: "none", lineStyle: { type: "dashed", width: 1.5 }
      }
    ]
  });

  /* (b) The pipeline: projects now at each stage; a layer opens that stage's list. */
  draw("chart-pipeline", {
    tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + p.value + " 个"; } },
    color: ["#9bb8db", "#6f98c8", "#4277b3", BRAND, "#12335a"],
    series: [{
      type: "funnel", sort: "none", left: "6%", right: "6%", top: 8, bottom: 8,
      minSize: "18%", gap: 3,
      label: { position: "inside", fontSize: 14, color: "#fff", fontWeight: "bold",
               formatter: function (p) { return p.name + "  " + p.value + " 个"; } },
      itemStyle: { borderColor: "#fff", borderWidth: 0 },
      data: data.pipeline.stages
    }]
  });

  /* (c) Completion: funds rate by group (or the four targets of one group) against 序时进度. */
  var progress = Number(data.progress);
  var bars = data.completion.bars.slice().reverse();  // first group on top
  var highest = bars.reduce(function (m, b) { return Math.max(m, number(b.rate) || 0); }, 100);
  draw("chart-completion", {
    grid: { left: 8, right: 64, top: 30, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: function (p) { return p.name + "：完成率 " + (p.value === null ? "—（目标为 0）" : fixed(p.value) + "%"); }
    },
    xAxis: {
      type: "value", max: Math.ceil(highest / 10) * 10,
      axisLabel: { color: MUTED, formatter: "{value}%", hideOverlap: true },  // a phone has room for few
      splitLine: { lineStyle: { color: "#edf0f4" } }
    },
    yAxis: {
      type: "category", data: bars.map(function (b) { return b.name; }),
      axisTick: { show: false }, axisLine: { lineStyle: { color: LINE } },
      axisLabel: { color: INK, fontSize: 13 }
    },
    series: [{
      type: "bar", barMaxWidth: 22,
      data: bars.map(function (b) {
        return { name: b.name, value: number(b.rate), url: b.url,
                 itemStyle: { color: b.behind === null ? BRAND : (b.behind ? BEHIND : OK),
                              borderRadius: [0, 3, 3, 0] } };
      }),
      label: { show: true, position: "right", fontSize: 13, color: INK,
               backgroundColor: "rgba(255, 255, 255, 0.9)", padding: [1, 3],
               formatter: function (p) { return p.value === null ? "—" : fixed(p.value) + "%"; } },
      markLine: {
        symbol: "none", silent: true,
        lineStyle: { color: INK, type: "solid", width: 2 },
        label: { position: "end", color: INK, fontSize: 13, fontWeight: "bold",
                 formatter: "序时进度 " + data.progress + "%" },
        data: [{ xAxis: progress }]
      }
    }]
  });

  /* (d) Origin of the investors of the year's signed projects; in the middle the counted
     ones (区外境内 + 境外), which are the 新签约项目 of the card above. */
  var signed = data.origins.reduce(function (n, o) { return o.url ? n + o.value : n; }, 0);
  draw("chart-origins", {
    title: {
      text: data.origins.length ? String(signed) : "暂无新签约项目",
      subtext: data.origins.length ? "个纳入统计" : "",
      left: "center", top: data.origins.length ? "39%" : "middle", itemGap: 2,
      textStyle: { fontFamily: FONT, fontSize: data.origins.length ? 30 : 15,
                   color: data.origins.length ? INK : MUTED },
      subtextStyle: { fontFamily: FONT, fontSize: 13, color: MUTED }
    },
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        return p.name + "：" + p.value + " 个（" + p.percent + "%）<br>总投资 " + p.data.investment + " 亿元";
      }
    },
    series: [{
      type: "pie", radius: ["46%", "70%"], center: ["50%", "50%"],
      label: { fontSize: 14, lineHeight: 18,
               formatter: function (p) { return p.name + "\n" + p.value + " 个"; } },
      labelLine: { length: 10, length2: 10 },
      data: data.origins.map(function (o) {
        return Object.assign({ itemStyle: { color: ORIGIN_COLORS[o.origin] } }, o);
      })
    }]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
