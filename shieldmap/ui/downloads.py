"""The downloads under the map: the shown layers in every export format and the publication figure,
each with the command line that makes the same bytes."""

from __future__ import annotations


import functools

import streamlit as st

from geo import export
from shieldmap.i18n import N_, _
from shieldmap.ui import cache, renders, share
from shieldmap.ui.below_state import BelowState
from shieldmap.ui.text import code
from shieldmap.view import View

DOWNLOADS = [("geojson", N_("Download GeoJSON")), ("gpkg", N_("Download GeoPackage")),
             ("kml", N_("Download KML")), ("csv", N_("Download CSV"))]


def _hypothetical(view: View) -> str:
    return _(", with your hypothetical sites") if view.what_if else ""


def _left_out(uploads_shown: bool) -> str:
    return (_(". Your uploaded layers are left out of it: `--add FILE` draws them from the command line")
            if uploads_shown else "")


def draw(view: View, digest: str, exported: dict, uploads_shown: bool) -> None:
    """Buttons for ``exported`` (layer id -> frame, the shown layers at the date, uploads and what-ifs
    included) and for the figure of the view's built-in layers."""
    st.subheader(_("Export the shown layers"))
    stamp, held = view.as_of.isoformat(), cache.detached(exported)  # the callables outlive the run: no upload frames
    for column, (fmt, label) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS):
        suffix = export.FORMATS[fmt][1]
        column.download_button(_(label), data=functools.partial(_export_bytes, held, fmt),
                               file_name=f"shieldmap_{stamp}{suffix}", mime=export.MEDIA_TYPES[fmt],
                               disabled=not exported, key=BelowState.export_key(fmt), on_click="ignore")
    st.download_button(_("Download figure (PNG)"), key=BelowState.figure_png.name, on_click="ignore", disabled=not view.layers,
                       data=lambda: renders.figure_png(digest, view),
                       file_name=f"shieldmap_figure_{stamp}.png", mime="image/png",
                       help=_("A publication figure of the shown layers (Europe, EPSG:3035){hypothetical}: the same "
                              "bytes as {command} (SVG and PDF from the command){left_out}").format(
                           hypothetical=_hypothetical(view), command=code(view.command("figure", "FILE.png")),
                           left_out=_left_out(uploads_shown)) + ". " + renders.busy_note())
    if uploads_shown:  # said beside the button too, not only in its tooltip
        st.caption(_("The figure leaves out your uploaded layers (add them with `shieldmap figure --add FILE`); "
                     "the data downloads include them."))
    share.animation_button(view, digest)
    st.caption((_("Your uploaded layers are included. Without them: the same bytes as ") if uploads_shown
                else _("The same bytes as ")) + code(view.command("export")) + ". " + _("Made with Natural Earth."))
    share.cite_box(view, digest)
    share.embed_box(view)


def _export_bytes(held: dict, fmt: str) -> bytes:
    """A download's bytes, its upload frames got again (:func:`shieldmap.ui.cache.attached`)."""
    return export.export_bytes(cache.attached(held), fmt)
