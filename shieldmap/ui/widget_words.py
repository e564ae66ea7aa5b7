"""Streamlit's own words in the reader's language (issue 34.3): the uploader's "Upload" and "5MB per file", a
select box's "Choose an option", the help buttons' "Help for …", the date field's parts, the sidebar's and the
tables' and charts' buttons. Streamlit (1.67, the oldest we support and the locked one) writes these in English
and has no setting for its language, so a small script in the page puts each into the current language as it
appears, from the catalogue: each text below is a ``msgid`` whose English is Streamlit's word for word, a
``{name}`` standing for what Streamlit fills in. The script keeps each element's English, so a switch back to
English (the script again, with no words) restores it."""

from __future__ import annotations

import json
import re

from shieldmap import i18n
from shieldmap.i18n import N_, _

WORDS = (
    N_("Upload"), N_("{size}MB per file"), N_("Drag and drop files here"), N_("Choose an option"),
    N_("Skip to main content"), N_("Help for {label}"), N_("Choose date"), N_("Clear value"), N_("Clear all"),
    N_("Collapse sidebar"), N_("Expand sidebar"), N_("Sidebar"), N_("Open"), N_("Close"), N_("Increment"),
    N_("Decrement"), N_("day, {label}"), N_("month, {label}"), N_("year, {label}"), N_("file upload"),
    N_("Link to heading"), N_("Scroll tabs right"), N_("Scroll tabs left"), N_("Search"), N_("Fullscreen"),
    N_("Close fullscreen"), N_("Show data"), N_("Show/hide columns"), N_("Download as CSV"),
    N_("Download as PNG"), N_("Download as SVG"), N_("Copy to clipboard"), N_("Copy Vega-Lite spec"),
    N_("Vega visualization"), N_("Delete"), N_("Remove"), N_("Browse files"),
)
"""Streamlit's English texts (and the chart component's), as its front end writes them."""

_SLOT = re.compile(r"\\\{(\w+)\\\}")

SCRIPT = """<script>(function () {
  var words = %s;
  if (window.shieldmapWords) { window.shieldmapWords.set(words); return; }
  var english = new WeakMap(), patterns = [];
  function compile(list) {
    patterns = list.map(function (w) { return {re: new RegExp(w.re), names: w.names, text: w.text}; });
  }
  function translate(text) {
    var trimmed = text.trim();
    for (var i = 0; i < patterns.length; i++) {
      var m = trimmed.match(patterns[i].re);
      if (!m) continue;
      var out = patterns[i].text;
      patterns[i].names.forEach(function (name, k) { out = out.split('{' + name + '}').join(m[k + 1]); });
      return text.replace(trimmed, out);
    }
    return text;
  }
  function fix(node, key, value, write) {  // the English kept, so that English can come back
    var kept = english.get(node) || {}, was = kept[key];
    var source = was && was[1] === value ? was[0] : value, out = translate(source);
    if (out !== value) write(out);
    kept[key] = [source, out];
    english.set(node, kept);
  }
  var NAMES = ['aria-label', 'title', 'placeholder'];
  function visit(root) {
    if (root.nodeType === 3) { fix(root, 'text', root.data, function (v) { root.data = v; }); return; }
    if (root.nodeType !== 1 || root.closest('script, style, code, pre, iframe')) return;
    NAMES.forEach(function (name) {
      if (root.hasAttribute(name))
        fix(root, name, root.getAttribute(name), function (v) { root.setAttribute(name, v); });
    });
    for (var c = root.firstChild; c; c = c.nextSibling) visit(c);
  }
  window.shieldmapWords = {set: function (list) { compile(list); visit(document.body); }};
  window.shieldmapWords.set(words);
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.type === 'childList') c.addedNodes.forEach(visit);
      else if (c.type === 'characterData') visit(c.target);
      else if (NAMES.indexOf(c.attributeName) >= 0) visit(c.target);
    });
  }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                             attributeFilter: NAMES});
})();</script>"""


def patterns() -> list[dict]:
    """Each of :data:`WORDS` as the script matches it: a pattern of its English, its slots' names, its text in
    the current language (only those the catalogue translates)."""
    out = []
    for msgid in WORDS:
        text = _(msgid)
        if text != msgid:
            out.append({"re": "^" + _SLOT.sub("(.+?)", re.escape(msgid)) + "$", "names": _SLOT.findall(re.escape(msgid)),
                        "text": text})
    return out


def script() -> str:
    """The page's script (for ``st.html(..., unsafe_allow_javascript=True)``) with the words of the current language;
    in English one that puts every changed text back."""
    words = patterns() if i18n.current() != i18n.DEFAULT else []
    return SCRIPT % json.dumps(words, ensure_ascii=False).replace("</", "<\\/")
