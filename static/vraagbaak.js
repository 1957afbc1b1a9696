// Progressive enhancement only: every page works without this file.
// "/" jumps to the search box, as on many search sites, unless the reader is typing.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var target = event.target;
  var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
  if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) {
    return;
  }
  var box = document.getElementById("q");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
