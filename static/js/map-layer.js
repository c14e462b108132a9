/* Draw the portal's facilities from one compact data layer (portal/maps/elements.py).
 *
 * The server embeds one JSON value per map instead of a marker, popup and tooltip per facility:
 *   labels  {kind, status, details, approximate, cell, cellArea, list}
 *   url     prefix of a facility's page; its id completes it (or the record's 8th field)
 *   kinds, statuses   the distinct labels, referred to by index
 *   points  [id, name, lat, lon, kindIndex, statusIndex, radius(0 = exact pin), url?]
 *   areas   [lat, lon, radius]  each distinct approximate area once
 *   cells   [lat, lon, count, radius]  server-side counts of a city too big to draw one by one
 *   listUrl the list of those facilities (cells link to it)
 * Every text reaches the page through textContent or a DOM property, never as HTML: popups and
 * tooltips are built as nodes only when they open.
 */
(function () {
  "use strict";

  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }

  function line(box, text) {
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(text));
  }

  function link(box, href, text) {
    var a = node("a", text);
    a.href = href;  // a property: the URL is never parsed as markup
    a.target = "_top";  // out of the map's iframe
    box.appendChild(document.createElement("br"));
    box.appendChild(a);
  }

  function facilityPopup(data, p) {
    var labels = data.labels;
    var box = node("div", undefined, "cf-popup");
    box.appendChild(node("strong", p[1]));
    line(box, labels.kind + ": " + data.kinds[p[4]]);
    line(box, labels.status + ": " + data.statuses[p[5]]);
    if (p[6]) {
      box.appendChild(document.createElement("br"));
      box.appendChild(node("em", labels.approximate));
    }
    link(box, p[7] || data.url + p[0], labels.details);
    return box;
  }

  function cellPopup(data, c) {
    var labels = data.labels;
    var box = node("div", undefined, "cf-popup");
    box.appendChild(node("strong", (c[3] ? labels.cellArea : labels.cell) + ": " + c[2]));  // as the title
    if (data.listUrl) { link(box, data.listUrl, labels.list); }
    return box;
  }

  function cellIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var icon = L.divIcon({html: "", className: "marker-cluster marker-cluster-" + size,
                          iconSize: L.point(40, 40)});
    icon.createIcon = function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      var inner = node("div");
      inner.appendChild(node("span", String(count)));
      div.appendChild(inner);
      return div;
    };
    return icon;
  }

  function draw(map, target, areaTarget, data, centreStyle, areaStyle) {
    var labels = data.labels;
    var layers = data.points.map(function (p) {
      var layer = p[6] ? L.circleMarker([p[2], p[3]], centreStyle)
                       : L.marker([p[2], p[3]], {alt: p[1]});
      layer.bindPopup(function () { return facilityPopup(data, p); }, {maxWidth: 300});
      return layer.bindTooltip(function () {
        return document.createTextNode(p[6] ? p[1] + "（" + labels.approximate + "）" : p[1]);
      });
    });
    if (target.addLayers) { target.addLayers(layers); }
    else { layers.forEach(function (layer) { layer.addTo(target); }); }
    data.areas.forEach(function (a) {
      L.circle([a[0], a[1]], Object.assign({radius: a[2]}, areaStyle)).addTo(areaTarget);
    });
    // Cells are counts already: they get a cluster group of their own whose marks add up
    // the counts they gather (the facilities' group would count a cell of 500 as one).
    var cells = data.cells || [];
    if (!cells.length) { return; }
    var cellGroup = L.markerClusterGroup ? L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var total = 0;
        cluster.getAllChildMarkers().forEach(function (m) { total += m.options.count; });
        return cellIcon(total);
      }
    }) : L.featureGroup();
    var marks = cells.map(function (c) {
      if (c[3]) { L.circle([c[0], c[1]], Object.assign({radius: c[3]}, areaStyle)).addTo(areaTarget); }
      var title = (c[3] ? labels.cellArea : labels.cell) + ": " + c[2];
      return L.marker([c[0], c[1]], {icon: cellIcon(c[2]), title: title, count: c[2]})  // title: a DOM property
        .bindPopup(function () { return cellPopup(data, c); }, {maxWidth: 300});
    });
    if (cellGroup.addLayers) { cellGroup.addLayers(marks); }
    else { marks.forEach(function (mark) { mark.addTo(cellGroup); }); }
    cellGroup.addTo(map);
  }

  window.CareFinderMap = {draw: draw};
})();
