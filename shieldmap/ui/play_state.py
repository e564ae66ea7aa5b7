"""The one owner of the time controls' session keys (:mod:`shieldmap.ui.time_controls`): Play's and the
story's (the view the story left, to restore on closing it; folding the sidebar as it starts), each declared
once, read and written as :data:`play`'s and :data:`story`'s typed attributes, drawn with ``PlayState.<name>.name``.
The story's step, the Compare date and the chosen event are the view's (:mod:`shieldmap.ui.session`)."""

from __future__ import annotations

import datetime as dt

from shieldmap.ui.state_key import Key


class PlayState:
    playing = Key[bool]("playing", False)
    tick = Key[float]("play_tick", 0.0)  # time.monotonic() when the map was last sent while playing
    next_date = Key[dt.date | None]("_play_next", None)  # the date a tick asked for, applied before the widgets
    full_run = Key[bool]("_full_run", False)  # the fragment is called from a whole-app run (it then does nothing)
    speed = Key[str | None]("play_speed", None)  # a name of time_state.SPEEDS (None: the default)
    button = Key[bool]("play", False)  # Play/Pause


class StoryState:
    start = Key[bool]("story_start", False)  # "Tell the story"
    back = Key[bool]("story_prev", False)
    forward = Key[bool]("story_next", False)
    close = Key[bool]("story_close", False)
    box = Key[None]("story_panel", None)  # the step's box above the map
    event_box = Key[None]("event_panel", None)  # after "Jump to an event": the event in full
    changes = Key[None]("changes_table", None)  # Compare's table of changes under the map
    fold_sidebar = Key[bool]("fold_sidebar", False)  # "Tell the story" was pressed: fold the sidebar on a phone
    before = Key[tuple | None]("layers_before_story", None)  # (layers, date) shown when the story started: closing
    # the story restores them


play, story = PlayState(), StoryState()
