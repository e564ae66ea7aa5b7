"""No visitor clears what every visitor shares (issue 36.5).

Streamlit answers a ``clear_cache`` message on any visitor's websocket by clearing every
``st.cache_data`` and ``st.cache_resource`` of the process: the layers, the seeds, the upload
outcomes every session shares. One visitor sending it 5 times a second took another's reruns
(3 paths drawn) from 0.15 to 2.25 s. This ASGI middleware, in front of Streamlit's websocket route
(``/_stcore/stream``), reads each message a browser sends as Streamlit does (a ``BackMsg``) and drops
the ``clear_cache`` ones; every other message goes on unchanged. The app offers no "Clear cache"
(``client.toolbarMode = "minimal"``); its caches are bounded and keyed on the seeds' digest, so new
seeds need no clearing (under ``make dev`` too: the menu's "Clear cache" does nothing; restart the
server to start with empty caches).
"""

from __future__ import annotations

from google.protobuf.message import DecodeError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.runtime_util import get_max_widget_state_size_bytes

from shieldmap.web import asgi

DROPPED = frozenset({"clear_cache"})
"""The messages no visitor may send: they act on what every session shares."""


def dropped(data: bytes) -> bool:
    """Whether a websocket message from a browser is one of :data:`DROPPED`. A message Streamlit refuses by
    itself (too large, not a ``BackMsg``) goes on, for Streamlit to close the connection."""
    if len(data) > get_max_widget_state_size_bytes():
        return False
    message = BackMsg()
    try:
        message.ParseFromString(data)
    except DecodeError:
        return False
    return message.WhichOneof("type") in DROPPED


class SharedCachesKept:
    """ASGI middleware: the websocket's :data:`DROPPED` messages never reach Streamlit (module doc)."""

    def __init__(self, app, base_url: str | None = None):
        base = asgi.base_path(base_url)
        self.app = app
        self.path = f"{base}/_stcore/stream"

    async def __call__(self, scope, receive, send) -> None:
        path = asgi.route(scope)
        if scope["type"] == "websocket" and path == self.path:
            receive = _filtered(receive)
        await self.app(scope, receive, send)


def _filtered(receive):
    async def receive_kept():
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            if not data or not dropped(data):
                return message

    return receive_kept
