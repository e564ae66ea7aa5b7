"""What the app's ASGI middleware (``static_server``, ``upload_store``, ``stream_guard``) share: where
Streamlit's routes are (``server.baseUrlPath``) and which route a request asks for."""

from __future__ import annotations


def base_path(base_url: str | None = None) -> str:
    """The prefix of every route: ``""`` or ``/<server.baseUrlPath>`` (read from Streamlit's config when None)."""
    if base_url is None:
        from streamlit import config

        base_url = config.get_option("server.baseUrlPath") or ""
    return "/" + base_url.strip("/") if base_url.strip("/") else ""


def route(scope) -> str:
    """The request's path inside the app (an ASGI ``root_path`` taken off)."""
    path, root_path = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root_path):] if root_path and path.startswith(root_path + "/") else path
