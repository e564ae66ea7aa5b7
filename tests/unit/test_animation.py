"""Issue 24: ``shieldmap animate``: frames per event date or story step, the figure's cartography at the
target size, one GIF palette, the same arguments giving the same bytes, the story under 5 MB."""

import datetime as dt
import io
import subprocess

import imageio.v3 as iio
import imageio_ffmpeg
import matplotlib
import numpy as np
import pytest
from PIL import Image

from layers.registry import DEFAULT_LAYERS, build_layers
from shieldmap import animation, figure
from shieldmap.cli.main import main
from shieldmap.story import story_steps

LATE = ["--from", "2013-10-28", "--to", "2013-10-31"]  # three event dates: 28, 29 and 31 October 2013
MAX_STORY_GIF = 5 * 1024 * 1024


def _gif_frames(data: bytes) -> list[np.ndarray]:
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB")))
        return frames


def test_event_frames_are_the_event_dates_in_range(seeds):
    frames = animation.event_frames(seeds, dt.date(2011, 1, 1), dt.date(2011, 12, 31), ("csto", "nato"))
    expected = sorted({d for d in seeds.events["date"] if d.year == 2011})
    assert [f.date for f in frames] == expected and len(expected) >= 2
    assert all(f.layers == ("csto", "nato") for f in frames)
    assert frames[0].heading == f"Event date 1 of {len(expected)}"
    first = seeds.events[seeds.events["date"] == expected[0]]
    assert frames[0].title == " · ".join(first["name"])
    outlets = {r["outlet"] for r in seeds.source_records([i for ids in first["sources"] for i in ids])}
    assert outlets and all(outlet in frames[0].sources for outlet in outlets)
    late = animation.event_frames(seeds, dt.date(2013, 10, 28), dt.date(2013, 10, 31), DEFAULT_LAYERS)
    assert [f.date.day for f in late] == [28, 29, 31]
    assert "Deveselu groundbreaking" in late[0].title and "merging" in late[0].title  # two events on 28 Oct


def test_story_frames_follow_the_steps(seeds):
    steps, frames = story_steps(seeds), animation.story_frames(seeds)
    assert len(frames) == len(steps) == len(seeds.story) == len(seeds.events)  # a step per event
    for step, frame in zip(steps, frames):
        assert (frame.date, frame.layers, frame.caption) == (step.date, step.layers, step.caption)
        assert frame.heading == f"Story step {step.number} of {len(steps)}" and frame.sources == step.citation_text()


@pytest.mark.parametrize("start, end, message", [
    (dt.date(2014, 1, 1), dt.date(2015, 12, 31), "no event from 2014-01-01 to 2015-12-31"),
    (dt.date(2013, 1, 1), dt.date(2012, 1, 1), "is after"),
])
def test_no_frames_is_an_error(seeds, start, end, message):
    with pytest.raises(ValueError, match=message):
        animation.event_frames(seeds, start, end, DEFAULT_LAYERS)


def test_layout_beside_for_wide_and_below_for_tall_canvases():
    wide = animation._layout(12.0, 7.84, (1280, 720))
    assert wide.panel[0] + wide.panel[2] == 1280 and wide.panel[2] >= 0.18 * 1280 and wide.panel[3] == 720
    assert int(7.84 * wide.dpi) <= 720 and int(12 * wide.dpi) <= 1280 * 0.82
    tall = animation._layout(12.0, 7.84, (800, 800))
    assert tall.panel[:3] == (0, int(7.84 * tall.dpi), 800) and tall.panel[3] >= 0.18 * 800


def test_a_frame_is_the_figure_at_the_target_size_beside_its_caption(seeds):
    frames = animation.event_frames(seeds, dt.date(2013, 10, 29), dt.date(2013, 10, 29), DEFAULT_LAYERS)
    layers_at = lambda day, ids: build_layers(seeds, list(ids), day)  # noqa: E731
    (picture,) = animation.render_frames(frames, seeds, layers_at, size=(960, 540))
    assert picture.shape == (540, 960, 3) and picture.dtype == np.uint8
    with matplotlib.rc_context(figure._RC):  # the figure module's drawing, not a copy of it
        fig = figure.draw(layers_at(frames[0].date, DEFAULT_LAYERS), seeds, frames[0].date)
        layout = animation._layout(*fig.get_size_inches(), (960, 540))
        alone = animation._pixels(fig, layout.dpi)
    x, y = layout.origin
    assert np.array_equal(picture[y:y + alone.shape[0], x:x + alone.shape[1]], alone)
    panel = picture[:, layout.panel[0] + 2:]
    assert tuple(panel[-2, -2]) == tuple(int(animation.PANEL_FACE[i:i + 2], 16) for i in (1, 3, 5))
    assert (panel.sum(axis=2) < 200).sum() > 500  # dark text in the caption panel


def test_the_guard_is_entered_around_every_drawing(seeds):
    entered = []

    class Guard:
        def __enter__(self):
            entered.append(1)

        def __exit__(self, *exc):
            return False

    frames = animation.event_frames(seeds, dt.date(2013, 10, 28), dt.date(2013, 10, 29), ("csto",))
    animation.render_frames(frames, seeds, lambda day, ids: build_layers(seeds, list(ids), day), size=(640, 360),
                            guard=Guard)
    assert len(entered) == 2 * len(frames)


def test_gif_same_arguments_same_bytes(tmp_path, capsys):
    outs = [tmp_path / "a.gif", tmp_path / "b.gif"]
    for out in outs:
        assert main(["animate", *LATE, "--layers", "csto,s300_belarus,romania_interceptor", "--size", "640x360",
                     "--seconds", "1.5", "--out", str(out)]) == 0
    assert "wrote an animation of 3 frame(s) (GIF, 640x360, 2013-10-28 to 2013-10-31" in capsys.readouterr().out
    first = outs[0].read_bytes()
    assert first == outs[1].read_bytes() and first[:6] == b"GIF89a"
    with Image.open(io.BytesIO(first)) as image:
        assert (image.n_frames, image.size, image.info["duration"], image.info["loop"]) == (3, (640, 360), 1500, 0)
    frames = _gif_frames(first)
    assert len({tuple(map(tuple, f.reshape(-1, 3)[::97])) for f in frames}) == 3  # the frames differ
    colours = {tuple(c) for f in frames for c in np.unique(f.reshape(-1, 3), axis=0)}
    assert len(colours) <= animation.GIF_COLOURS  # one palette for every frame


def test_mp4_same_arguments_same_bytes(tmp_path):
    outs = [tmp_path / "a.mp4", tmp_path / "b.mp4"]
    for out in outs:
        assert main(["animate", "--from", "2013-10-28", "--to", "2013-10-29", "--layers", "csto", "--size", "480x270",
                     "--seconds", "0.5", "--out", str(out)]) == 0
    data = outs[0].read_bytes()
    assert data == outs[1].read_bytes() and data[4:8] == b"ftyp"
    probe = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(outs[0])],
                           capture_output=True, text=True).stderr
    assert "h264" in probe and "480x270" in probe and "yuv420p" in probe
    frames = iio.imread(outs[0], plugin="FFMPEG", index=None)
    assert frames.shape == (2 * 5, 270, 480, 3)  # two pictures, each 0.5 s at 10 frames per second


def test_story_gif_at_1280x720_is_at_most_5_mb(tmp_path, seeds):
    out = tmp_path / "story.gif"
    assert main(["animate", "--story", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert len(data) <= MAX_STORY_GIF, f"{len(data):,} bytes"
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == len(seeds.story) and image.size == (1280, 720)  # every step of the story (2007-2024)


@pytest.mark.parametrize("args, message", [
    (["--out", "x.avi"], "cannot tell the animation format"),
    (["--out", "x.gif", "--size", "1281x720"], "must be an even number"),
    (["--out", "x.gif", "--size", "big"], "expected WIDTHxHEIGHT"),
    (["--out", "x.gif", "--seconds", "0"], "bad --seconds"),
    (["--out", "x.gif", "--story", "--from", "2012-01-01"], "--story takes its dates and layers from story.csv"),
    (["--out", "x.gif", "--from", "2008-01-01", "--to", "2008-02-01"], "no event from 2008-01-01"),
    (["--out", "x.gif", "--bbox", "1,2,3"], "bad bbox"),
    (["--out", "/no/such/folder/x.gif"], "folder /no/such/folder does not exist"),
])
def test_bad_arguments_exit_2_one_line(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        code = main(["animate", *args])
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and err.startswith("shieldmap: error:")


def test_at_most_max_frames(seeds, monkeypatch):
    monkeypatch.setattr(animation, "MAX_FRAMES", 2)
    with pytest.raises(ValueError, match="3 event dates from 2013-10-28 to 2013-10-31: at most 2 frames"):
        animation.event_frames(seeds, dt.date(2013, 10, 28), dt.date(2013, 10, 31), DEFAULT_LAYERS)


def test_each_frame_is_titled_for_its_date(seeds):
    """Issue 34.7: the 2007 frame is not titled "2010–2013"; a frame of the dispute is."""
    from matplotlib.text import Text

    frames = animation.event_frames(seeds, dt.date(2007, 1, 1), dt.date(2013, 12, 31), ("events",))

    def layers_at(day, ids):
        return build_layers(seeds, list(ids), day)

    def texts(frame):
        return [t.get_text() for t in animation.frame_figure(frame, seeds, layers_at).findobj(Text)]

    first, dispute = frames[0], next(f for f in frames if f.date.year == 2011)
    assert first.date.year == 2007
    assert "Missile defence in Europe in 2007" in texts(first) and not any("2010–2013" == t[-9:] for t in texts(first))
    assert "Missile defence in Europe, 2010–2013" in texts(dispute)
