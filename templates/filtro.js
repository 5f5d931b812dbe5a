// Filter for the index: hides the operations whose method, path, summary or operationId
// does not contain the typed text. The manual is complete without it.
(function () {
  "use strict";
  var box = document.getElementById("filtro");
  var input = document.getElementById("filtro-testo");
  if (!box || !input) {
    return;
  }
  box.hidden = false;
  var ops = Array.prototype.slice.call(document.querySelectorAll("#indice [data-filtro]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#indice .toc-ops"));
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    ops.forEach(function (li) {
      li.hidden = q !== "" && li.getAttribute("data-filtro").toLowerCase().indexOf(q) < 0;
    });
    groups.forEach(function (ol) {
      var any = ol.querySelector("li:not([hidden])") !== null;
      ol.parentNode.hidden = q !== "" && !any;
    });
  });
})();
