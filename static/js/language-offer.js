// Offers the page in the visitor's own language when the browser prefers one the site
// speaks and this page is in another. Never redirects: every language has its own cached
// address, and bots and shared links must get the page they asked for. The offers are
// rendered on the server, each in its own language (templates/includes/language_offer.html);
// this script only picks one. A dismissal, or a language chosen in the switcher, is
// remembered in localStorage so the offer does not come back.
(function () {
  "use strict";
  var KEY = "language-offer-dismissed";
  var box = document.querySelector("[data-language-offer]");
  if (!box) {
    return;
  }

  function remember() {
    try {
      window.localStorage.setItem(KEY, "1");
    } catch (error) {
      // Storage blocked: the offer simply comes back on the next page.
    }
  }

  // Choosing a language in the switcher is an answer too.
  Array.prototype.forEach.call(
    document.querySelectorAll(".language-switcher a, [data-offer-accept]"),
    function (link) {
      link.addEventListener("click", remember);
    }
  );

  try {
    if (window.localStorage.getItem(KEY)) {
      return;
    }
  } catch (error) {
    // Storage blocked: offer anyway.
  }

  var pageLanguage = (document.documentElement.lang || "").toLowerCase();
  var offers = {};
  Array.prototype.forEach.call(box.querySelectorAll("[data-offer-language]"), function (offer) {
    offers[offer.getAttribute("data-offer-language").toLowerCase()] = offer;
  });
  var spoken = Object.keys(offers).concat([pageLanguage]);

  // A browser's language tag to one the site speaks: ru-RU -> ru; zh, zh-CN, zh-SG and
  // zh-Hans-* -> zh-hans (Simplified); zh-TW, zh-HK and zh-Hant stay unmatched.
  function siteLanguage(tag) {
    tag = String(tag || "").toLowerCase();
    if (spoken.indexOf(tag) !== -1) {
      return tag;
    }
    if (/^zh(-hans(-.*)?|-cn|-sg|-my)?$/.test(tag)) {
      return spoken.indexOf("zh-hans") !== -1 ? "zh-hans" : null;
    }
    var base = tag.split("-")[0];
    if (base === "zh") {
      return null;
    }
    return spoken.indexOf(base) !== -1 ? base : null;
  }

  var preferred = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language];
  var wanted = null;
  for (var i = 0; i < preferred.length && !wanted; i += 1) {
    wanted = siteLanguage(preferred[i]);
  }
  if (!wanted || wanted === pageLanguage || !offers[wanted]) {
    return;
  }

  offers[wanted].hidden = false;
  box.hidden = false;
  Array.prototype.forEach.call(box.querySelectorAll("[data-offer-dismiss]"), function (button) {
    button.addEventListener("click", function () {
      remember();
      box.hidden = true;
      var main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    });
  });
})();
