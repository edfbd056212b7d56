/* drafter serve: the browser side of the form page.
 * - sends a field's change after typing pauses (never while an IME composition is open),
 *   and at once for choices, check boxes and dates;
 * - never submits anything on Enter in a text field;
 * - flushes pending changes before saving, downloading or changing the structure;
 * - refreshes the preview (keeping its scroll position) when the server says so, but not
 *   while the user is composing Chinese text;
 * - the 插入数据 picker inserts {{ 组.指标 }} at the cursor;
 * - the 数据收集 forms flush pending changes before they are sent.
 */
(function () {
  "use strict";
  var PAUSE = 600;
  var timers = new Map();
  var inFlight = 0;
  var composing = false;
  var previewPending = false;

  function isText(el) {
    return el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|search|)$/.test(el.type));
  }

  function send(el) {
    timers.delete(el);
    if (window.htmx) { htmx.trigger(el, "drafter:change"); }
  }

  function schedule(el) {
    if (timers.has(el)) { clearTimeout(timers.get(el)); }
    timers.set(el, setTimeout(function () { send(el); }, PAUSE));
    markDirty();
  }

  function markDirty() {
    var state = document.getElementById("save-state");
    if (state) { state.textContent = "有未保存的修改"; state.className = "state dirty"; state.dataset.dirty = "true"; }
  }

  function flush() {
    timers.forEach(function (timer, el) { clearTimeout(timer); send(el); });
    return new Promise(function (resolve) {
      (function wait() { if (inFlight === 0 && timers.size === 0) { resolve(); } else { setTimeout(wait, 25); } })();
    });
  }

  document.addEventListener("compositionstart", function () { composing = true; }, true);
  document.addEventListener("compositionend", function (event) {
    composing = false;
    var el = event.target;
    if (el.classList && el.classList.contains("edit")) { schedule(el); }
    if (previewPending) { refreshPreview(); }
  }, true);

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.classList || !el.classList.contains("edit")) { return; }
    if (event.isComposing || composing) {   // wait for compositionend
      if (timers.has(el)) { clearTimeout(timers.get(el)); timers.delete(el); }
      markDirty();
      return;
    }
    if (el.tagName === "TEXTAREA") { fit(el); }
    if (el.dataset.kind === "number") { el.classList.toggle("empty", el.value.trim() === ""); }   // 待填
    if (isText(el)) { schedule(el); }
  }, true);

  /* text areas grow with their text (up to 24 lines), so long paragraphs can be read whole */
  function fit(area) {
    area.style.height = "auto";
    var line = parseFloat(getComputedStyle(area).lineHeight) || 24;
    area.style.height = Math.min(area.scrollHeight + 4, line * 24) + "px";
  }
  function fitAll(root) {         // read all heights first, then write them: one layout, not one per area
    var areas = Array.prototype.slice.call((root || document).querySelectorAll("textarea.edit"));
    if (!areas.length) { return; }
    var line = parseFloat(getComputedStyle(areas[0]).lineHeight) || 24;
    var heights = areas.map(function (a) { return a.scrollHeight; });
    areas.forEach(function (a, i) {
      if (heights[i] > a.clientHeight) { a.style.height = Math.min(heights[i] + 4, line * 24) + "px"; }
    });
  }
  document.addEventListener("htmx:afterSettle", function (event) { fitAll(event.target); });
  fitAll();

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("file-input")) {
      var shown = document.getElementById(el.id + "-name");
      if (shown && el.files.length) {
        var names = Array.prototype.map.call(el.files, function (f) { return f.name; });
        shown.textContent = names.length > 1 ? names.length + " 个文件：" + names.join("、") : names[0];
        shown.style.color = "inherit";
      }
      return;
    }
    if (el.classList && el.classList.contains("rule-box")) {
      var hidden = document.getElementById("f-检查设置-关闭规则");
      var boxes = document.querySelectorAll(".rule-box:checked");
      hidden.value = Array.prototype.map.call(boxes, function (b) { return b.value; }).join("\n");
      markDirty();
      send(hidden);
      return;
    }
    if (!el.classList || !el.classList.contains("edit")) { return; }
    if (isText(el)) {                       // leaving a text field: send what is pending now
      if (timers.has(el)) { clearTimeout(timers.get(el)); send(el); }
      return;
    }
    markDirty();
    send(el);
  }, true);

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key === "Enter" && el.tagName === "INPUT" && isText(el)) {
      event.preventDefault();                // never submit a form on Enter (IME confirms with Enter)
    }
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      var save = document.getElementById("save");
      if (save) { event.preventDefault(); go(save); }
    }
  }, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.classList.contains("edit")) { inFlight += 1; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.classList.contains("edit")) { inFlight = Math.max(0, inFlight - 1); }
  });

  function go(el) {
    var question = el.dataset.confirm;
    if (question && !window.confirm(question)) { return; }
    flush().then(function () { htmx.trigger(el, "drafter:go"); });
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[hx-trigger='drafter:go']") : null;
    if (el && !el.disabled) { event.preventDefault(); go(el); return; }
    var link = event.target.closest ? event.target.closest("a[data-flush]") : null;
    if (link) {          // a download of what the page shows: pending changes first, no “leave the page?”
      downloading = true;  // (the changes are kept by drafter until saved; a refusal page links back)
      if (timers.size || inFlight) {
        event.preventDefault();
        flush().then(function () { window.location.href = link.href; });
      }
      return;
    }
    var close = event.target.closest ? event.target.closest("[data-close]") : null;
    if (close) { var box = close.closest(".notice"); if (box) { box.remove(); } return; }
    var opener = event.target.closest ? event.target.closest(".picker-open") : null;
    if (opener) { openPicker(opener.dataset.target); return; }
    var pick = event.target.closest ? event.target.closest(".pick") : null;
    if (pick) { insertFigure(pick); }
  });

  /* the 数据收集 forms (download a 统计表, upload filled ones) send what the page holds: pending
     changes first; the page's changes stay with drafter, so no “leave the page?” either */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-flush")) { return; }
    function sent() {          // a download leaves the page in place: ask again on a later leave
      downloading = true;
      setTimeout(function () { downloading = false; }, 1500);
    }
    if (timers.size || inFlight) {
      event.preventDefault();
      flush().then(function () { sent(); form.submit(); });
    } else {
      sent();
    }
  }, true);

  var downloading = false;
  window.addEventListener("beforeunload", function (event) {
    if (downloading) { downloading = false; return; }
    var state = document.getElementById("save-state");
    if (state && state.dataset.dirty === "true") { event.preventDefault(); event.returnValue = ""; }
  });

  /* ---------------------------------------------------------------- preview */

  function refreshPreview() {
    var frame = document.getElementById("preview");
    var page = document.querySelector(".workspace");
    if (!frame || !page) { return; }
    if (composing) { previewPending = true; return; }
    previewPending = false;
    var y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
    frame.addEventListener("load", function restore() {
      frame.removeEventListener("load", restore);
      try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* not reachable */ }
      showSource(document.activeElement, false);
    });
    frame.src = page.dataset.preview + "?t=" + Date.now();
  }

  document.body.addEventListener("drafter:preview", refreshPreview);

  /* the preview follows the field being edited: its blocks name their source (data-source) */
  function showSource(el, scroll) {
    var frame = document.getElementById("preview");
    if (!frame || !el || !el.dataset || !el.dataset.path) { return; }
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc) { return; }
    doc.querySelectorAll("[data-drafter-current]").forEach(function (b) {
      b.removeAttribute("data-drafter-current"); b.style.outline = "";
    });
    var path = el.dataset.path;
    var block = null;
    while (path && !block) {
      block = doc.querySelector('[data-source="' + path.replace(/["\\]/g, "") + '"]');
      var cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    if (!block) { return; }
    block.setAttribute("data-drafter-current", "");
    block.style.outline = "2px solid #8fb3e8";
    if (scroll !== false) {
      var rect = block.getBoundingClientRect();
      var view = frame.contentWindow;
      if (rect.top < 0 || rect.bottom > view.innerHeight) { view.scrollBy(0, rect.top - view.innerHeight / 3); }
    }
  }
  document.addEventListener("focusin", function (event) { showSource(event.target, true); });

  /* the preview is an A4 sheet: scale it down to the column instead of scrolling sideways */
  var SHEET = 860;
  function fitPreview() {
    var frame = document.getElementById("preview");
    if (!frame) { return; }
    var box = frame.parentElement;
    var scale = Math.min(1, box.clientWidth / SHEET);
    frame.style.width = SHEET + "px";
    frame.style.height = (box.clientHeight / scale) + "px";
    frame.style.transform = "scale(" + scale + ")";
  }
  window.addEventListener("resize", fitPreview);
  fitPreview();
  var pendingFocus = null;
  document.body.addEventListener("drafter:focus", function (event) {
    pendingFocus = (event.detail && event.detail.value) || null;   // applied once the new form is in place
  });
  document.addEventListener("htmx:afterSettle", function () {
    var id = pendingFocus;
    pendingFocus = null;
    if (!id) { return; }
    var box = document.getElementById(id);
    if (!box) { return; }
    box.scrollIntoView({ block: "center" });
    var first = box.querySelector("input.edit, textarea.edit, select.edit");
    if (first) { first.focus({ preventScroll: true }); }
  });

  /* ---------------------------------------------------------------- 插入数据 */

  var pickerTarget = null;
  var pickerRange = null;

  function openPicker(targetId) {
    var dialog = document.getElementById("picker");
    var page = document.querySelector(".workspace");
    var field = document.getElementById(targetId);
    if (!dialog || !field) { return; }
    pickerTarget = field;
    pickerRange = [field.selectionStart, field.selectionEnd];
    htmx.ajax("GET", page.dataset.figures, { target: "#picker-list", swap: "innerHTML" });
    dialog.showModal();
    var filter = document.getElementById("picker-filter");
    filter.value = "";
    filter.focus();
  }

  function insertFigure(button) {
    var dialog = document.getElementById("picker");
    var field = pickerTarget;
    if (!field) { return; }
    var variant = (document.querySelector("input[name=variant]:checked") || {}).value || "";
    var text = "{{ " + button.dataset.ref + (variant ? " | " + variant : "") + " }}";
    var start = pickerRange ? pickerRange[0] : field.value.length;
    var end = pickerRange ? pickerRange[1] : start;
    field.focus();
    field.setRangeText(text, start, end, "end");
    dialog.close();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("input", function (event) {
    if (event.target.id !== "picker-filter") { return; }
    var word = event.target.value.trim();
    document.querySelectorAll("#picker-list .pick").forEach(function (b) {
      b.parentElement.hidden = word !== "" && b.dataset.ref.indexOf(word) < 0 && (b.title || "").indexOf(word) < 0;
    });
    document.querySelectorAll("#picker-list .pick-group").forEach(function (g) {
      g.hidden = !g.querySelector("li:not([hidden])");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.id === "picker-filter" && event.key === "Enter") { event.preventDefault(); }
  });

  /* “元换算为万元” applies to amounts in 元 only: the other figures cannot be picked with it */
  function markAmounts() {
    var wan = (document.querySelector("input[name=variant]:checked") || {}).value === "万元";
    document.querySelectorAll("#picker-list .pick").forEach(function (b) {
      b.disabled = wan && b.dataset.amount !== "true";
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "variant") { markAmounts(); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "picker-list") { markAmounts(); }
  });
})();
