"""shieldmap's front ends: the ``shieldmap`` command (:mod:`shieldmap.cli`), the
web map pieces and the HTML export (:mod:`shieldmap.web`), and the Streamlit
app's state and tabs (:mod:`shieldmap.ui`). ``app.py`` wires them.

The library below them is :mod:`geo` (seeds, borders, geodesy, sectors,
analysis, uploads, export writers); the layers are built by :mod:`layers`.
"""
