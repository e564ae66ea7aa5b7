"""What each source says in a popup (issue 33.1): under every cited source (:mod:`shieldmap.web.popups`), the
words of it that support the feature (:func:`shieldmap.seed_texts.says`); our inferences last. Every text is
escaped as text."""

from __future__ import annotations

import html

from shieldmap import seed_texts


def said(items) -> str:
    """Each item's words (or our inference), then its notes (translation, copy read, date read) in smaller type."""
    return "".join(f'<div class="shieldmap-popup-{"quote" if n == 0 else "quote-note"}">{html.escape(line)}</div>'
                   for item in items for n, line in enumerate(seed_texts.says(item)))
