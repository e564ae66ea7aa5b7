"""What app.py hands to ``st.App``: the app's middleware in front of Streamlit's routes, and what runs at
start-up, before the first visitor.

- ``static_server.StaticFiles``: the map's files served compressed once (issue 25);
- ``upload_store.UploadGate``: an upload goes on only if the visitor's session may hold it (issue 36.1);
- ``stream_guard.SharedCachesKept``: no visitor's message clears the caches every visitor shares (36.5);
- at start-up, the components declared before the runtime existed registered (``static_server.lifespan``)
  and Streamlit's uploaded-file manager given the upload limits (``upload_store.install``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from shieldmap.web import static_server, stream_guard, upload_store


def middleware(static_dir: Path) -> list:
    """For ``st.App(..., middleware=...)``."""
    from starlette.middleware import Middleware

    return [*static_server.middleware(static_dir), Middleware(upload_store.UploadGate),
            Middleware(stream_guard.SharedCachesKept)]


@contextlib.asynccontextmanager
async def lifespan(app):
    """For ``st.App(..., lifespan=...)``: runs once the runtime exists, before the server takes a request."""
    from streamlit import runtime

    upload_store.install(runtime.get_instance().uploaded_file_mgr)
    async with static_server.lifespan(app):
        yield
