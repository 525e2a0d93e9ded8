// Instant filtering of the task list: a text box (tone marks optional: "ke hoach" finds
// "kế hoạch") and a status choice. The static pages by agency, year and status work without it.
(function () {
  var box = document.getElementById("quick-filter");
  if (!box) return;
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.tasks tbody tr"));
  var statuses = [];
  rows.forEach(function (r) {
    r.dataset.text = fold(r.textContent);
    var s = r.getAttribute("data-status");
    if (statuses.indexOf(s) < 0) statuses.push(s);
  });
  var label = document.createElement("label");
  label.textContent = box.getAttribute("data-label") + " ";
  var input = document.createElement("input");
  input.type = "search";
  label.appendChild(input);
  var slabel = document.createElement("label");
  slabel.textContent = " " + box.getAttribute("data-status-label") + " ";
  var select = document.createElement("select");
  var all = document.createElement("option");
  all.value = "";
  all.textContent = box.getAttribute("data-all");
  select.appendChild(all);
  statuses.forEach(function (s) {
    var o = document.createElement("option");
    o.value = s;
    o.textContent = box.getAttribute("data-status-" + s.replace(/_/g, "-")) || s;
    select.appendChild(o);
  });
  slabel.appendChild(select);
  var count = document.createElement("p");
  count.setAttribute("role", "status");
  box.appendChild(label);
  box.appendChild(slabel);
  box.appendChild(count);
  box.hidden = false;
  var apply = function () {
    var q = fold(input.value.trim());
    var st = select.value;
    var n = 0;
    rows.forEach(function (r) {
      var show = (!q || r.dataset.text.indexOf(q) >= 0) && (!st || r.getAttribute("data-status") === st);
      r.hidden = !show;
      if (show) n++;
    });
    document.querySelectorAll("main section").forEach(function (sec) {
      var any = sec.querySelector("tbody tr:not([hidden])");
      sec.hidden = !any && sec.querySelector("tbody") !== null;
    });
    count.textContent = box.getAttribute("data-count").replace("{n}", n);
  };
  input.addEventListener("input", apply);
  select.addEventListener("change", apply);
})();
