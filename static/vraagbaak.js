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

// Copy buttons: shown only here, since copying needs a script; without it the text
// beside each button selects whole with one click.
document.addEventListener("DOMContentLoaded", function () {
  var status = document.querySelector(".copy-status");
  document.querySelectorAll(".copy-button").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) {
          status.textContent = "Gekopieerd.";
        }
        button.textContent = "Gekopieerd";
      });
    });
  });

  // "Alle antwoorden uitklappen": without a script a link to the page with every answer
  // open; with one, the answers open in place.
  var unfold = document.querySelector(".unfold-link");
  if (unfold) {
    unfold.addEventListener("click", function (event) {
      event.preventDefault();
      var open = unfold.getAttribute("data-unfold") === "open";
      document.querySelectorAll("details.doc-answer").forEach(function (details) {
        details.open = open;
      });
      unfold.setAttribute("data-unfold", open ? "close" : "open");
      unfold.textContent = open ? "Alle antwoorden inklappen" : "Alle antwoorden uitklappen";
    });
  }
});
