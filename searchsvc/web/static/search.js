// Progressive enhancement only: every control also works as a plain GET form or link.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Apply a new sort as soon as it is chosen (the Sort button stays for JavaScript-off use).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
    });
  });

  // "/" jumps to the search box, as on most search sites.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
})();

// Completion as people type: the search box becomes an ARIA 1.2 combobox with a listbox of
// suggestions from /api/complete. Arrow keys move through them (aria-activedescendant keeps the
// focus in the box), Enter takes one and searches, Escape closes the list. Without JavaScript the
// box is a plain search field.
(function () {
  "use strict";
  var combo = document.querySelector(".combo[data-complete]");
  var box = combo && combo.querySelector("input");
  if (!box || !window.fetch) { return; }
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var completions = [], active = -1, timer = null, asked = null;

  list.id = "q-completions";
  list.className = "completions";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  combo.appendChild(list);
  combo.appendChild(status);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (item, at) {
      item.setAttribute("aria-selected", at === index ? "true" : "false");
    });
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    box.value = completions[index].text;
    close();
    if (box.form.requestSubmit) { box.form.requestSubmit(); } else { box.form.submit(); }
  }

  function show(found) {
    completions = found;
    list.textContent = "";
    found.forEach(function (completion, at) {
      var item = document.createElement("li");
      item.id = "q-completion-" + at;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = completion.text;
      if (completion.kind !== "word") {
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = completion.kind;
        item.appendChild(kind);
      }
      // mousedown, not click: the box must not lose focus (and close the list) first.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(at); });
      list.appendChild(item);
    });
    active = -1;
    box.removeAttribute("aria-activedescendant");
    status.textContent = found.length ? found.length + " suggestions; use the arrow keys to choose" : "";
    if (found.length) {
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
  }

  function ask() {
    var text = box.value;
    if (!text.trim()) { show([]); return; }
    asked = text;
    fetch(combo.dataset.complete + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { completions: [] }; })
      .then(function (body) {
        // An answer to an older text is dropped: the box has moved on.
        if (asked === text && box.value === text && document.activeElement === box) { show(body.completions); }
      })
      .catch(function () { show([]); });
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 80);
  });
  box.addEventListener("keydown", function (event) {
    var open = !list.hidden && completions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) { if (completions.length) { list.hidden = false; box.setAttribute("aria-expanded", "true"); } return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      highlight(next >= completions.length ? -1 : next < -1 ? completions.length - 1 : next);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  box.addEventListener("blur", close);
})();
