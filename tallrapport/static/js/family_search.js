/* Search in the family picker (sakskompleks): typing in the search field
 * leaves only the families whose text contains every word typed, and says how
 * many are left in a polite live region. The select stays a native select, so
 * it works as before without this script (the search field is then hidden).
 * A static file, because the Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function enhance(search) {
    var select = document.getElementById(search.getAttribute("aria-controls"));
    var status = document.getElementById(search.dataset.status);
    if (!select || !status) {
      return;
    }
    var wrapper = search.closest("[data-family-search]");
    if (wrapper) {
      wrapper.hidden = false;
    }
    var families = Array.prototype.slice.call(select.options).filter(function (option) {
      return option.value !== "" && option.value !== "ny";
    });
    search.addEventListener("input", function () {
      var wanted = words(search.value);
      var shown = 0;
      families.forEach(function (option) {
        var text = option.textContent.toLowerCase();
        var match = wanted.every(function (word) { return text.indexOf(word) >= 0; });
        option.hidden = !match && !option.selected;
        option.disabled = option.hidden;
        if (match) {
          shown += 1;
        }
      });
      status.textContent = wanted.length ? status.dataset.template.replace("%s", String(shown)) : "";
    });
  }

  document.querySelectorAll("input[data-family-search-input]").forEach(enhance);
})();
