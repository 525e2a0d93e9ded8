// "Cite this page": adds a copy button under each citation text. Without JavaScript the
// texts stay selectable.
(function () {
  var script = document.currentScript;
  var copy = script ? script.getAttribute("data-copy") : "Copy";
  var copied = script ? script.getAttribute("data-copied") : "Copied";
  document.querySelectorAll(".cite-text").forEach(function (p) {
    if (!navigator.clipboard) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-button";
    b.textContent = copy;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(p.textContent).then(function () {
        b.textContent = copied;
        setTimeout(function () { b.textContent = copy; }, 2000);
      });
    });
    p.insertAdjacentElement("afterend", b);
  });
})();
