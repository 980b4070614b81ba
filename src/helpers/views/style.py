"""One chart style for every figure: the Okabe–Ito palette, one colour per concept, readable text,
alt text and a source line under each chart.

Every notebook draws with these: :func:`apply` once (the matplotlib settings), :func:`colour` for a
concept (weights are always blue, debt always vermillion), :func:`label_lines` to name lines at their
ends instead of in a legend, :func:`axis_numbers` for ticks a reader can say (``10 GB``, ``1兆``), and
:func:`show` to display a finished figure as an image with alt text and a caption. HTML charts (bars,
stacks) take their colours from :data:`CONCEPT` too.

Okabe, M. & Ito, K. (2008), *Color Universal Design*, https://jfly.uni-koeln.de/color/: eight colours
that stay distinct with protanopia, deuteranopia and tritanopia.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from helpers.calc import check
from helpers.i18n import _, language
from helpers.views import units

if TYPE_CHECKING:  # matplotlib is imported when a figure is drawn, not when helpers are
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7F7F7F",  # not Okabe–Ito's: for context (limits drawn in black, other series in grey)
}
CYCLE = [OKABE_ITO[name] for name in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue")]

# One colour per concept across notebooks; a concept that appears in two notebooks has one colour.
CONCEPT = {
    # memory (02, 02a, 08)
    "weights": OKABE_ITO["blue"],
    "kv_cache": OKABE_ITO["orange"],
    "activations": OKABE_ITO["sky_blue"],
    "optimizer": OKABE_ITO["bluish_green"],
    "gradients": OKABE_ITO["reddish_purple"],
    "capacity": OKABE_ITO["black"],  # a GPU's memory, a limit: a black dashed line
    # models and runs (01, 03, 04, 07)
    "dense": OKABE_ITO["blue"],
    "moe": OKABE_ITO["vermillion"],
    "measured": OKABE_ITO["blue"],
    "formula": OKABE_ITO["vermillion"],
    # power and energy (04)
    "it_load": OKABE_ITO["blue"],
    "cooling": OKABE_ITO["sky_blue"],
    "electricity": OKABE_ITO["orange"],
    "emissions": OKABE_ITO["grey"],
    # money (05, 06, 07)
    "debt": OKABE_ITO["vermillion"],
    "revenue": OKABE_ITO["bluish_green"],
    "interest": OKABE_ITO["orange"],
    "cost": OKABE_ITO["reddish_purple"],
    "value": OKABE_ITO["blue"],  # NPV, what is bought
    "state": OKABE_ITO["blue"],  # the government's ¥1 trillion
    "private": OKABE_ITO["orange"],  # SoftBank's ¥2 trillion
    # scenarios
    "central": OKABE_ITO["black"],
    "low": OKABE_ITO["sky_blue"],
    "high": OKABE_ITO["vermillion"],
    "context": OKABE_ITO["grey"],
}

TEXT_PT = 11  # tick and label text on a page: 11 pt at 100 dpi is 15 px
DECK_PT = 19  # on a slide: ticks at 18 pt at 100 dpi are 25 px, the deck's "at least 24 px"
INK = "#1f1f1f"


def colour(concept: str) -> str:
    """The colour of ``concept`` (``"weights"``, ``"debt"``, ...) in every notebook.

    Notebook 02, section '1. From parameters to bytes' (and every chart of notebooks 01-08)."""
    return CONCEPT[check.choice("concept", concept, tuple(CONCEPT))]


def rc(deck: bool = False) -> dict[str, object]:
    """The matplotlib settings of every figure (``deck=True``: text large enough for a projector).

    Notebook 01, section '4. Where is 1 trillion?' (and every matplotlib figure)."""
    from cycler import cycler

    size = DECK_PT if deck else TEXT_PT
    return {
        "axes.prop_cycle": cycler(color=CYCLE),
        "font.size": size,
        "axes.titlesize": size + 1,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": size,
        "xtick.labelsize": size - 1,
        "ytick.labelsize": size - 1,
        "legend.fontsize": size - 1,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "text.color": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.grid": True,
        "grid.color": "#d9d9d9",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "lines.linewidth": 2.0,
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.figsize": (10.0, 5.6) if deck else (7.5, 4.2),
        "figure.constrained_layout.use": True,
    }


def apply(deck: bool = False) -> None:
    """Set :func:`rc` for the figures drawn from now on (the font family stays the language's:
    :func:`helpers.i18n.set_language` picks a Japanese font).

    Notebook 01, section '4. Where is 1 trillion?'."""
    import matplotlib

    matplotlib.rcParams.update(rc(deck))


def label_lines(ax: Axes, fmt: Callable[[float], str] | None = None) -> None:
    """Name each labelled line at its right end, in its colour, instead of in a legend (the eye does
    not travel between legend and line); ``fmt`` adds the end value: ``"Debt  ¥20 tn"``.

    Notebook 05, section '2. Issuance and redemption'."""
    for line in ax.get_lines():
        name = line.get_label()
        if name.startswith("_"):
            continue
        x, y = line.get_xdata(), line.get_ydata()
        if len(x) == 0:
            continue
        text = f"{name}  {fmt(float(y[-1]))}" if fmt else name
        ax.annotate(
            text,
            (x[-1], y[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            color=line.get_color(),
            fontweight="bold",
            annotation_clip=False,
        )


def number_tick(unit: str, lang: str | None = None) -> Callable[[float, float], str]:
    """A tick formatter a reader can say: ``unit`` ``"JPY"`` → ``¥4 tn`` / ``4兆円``; ``"GB"`` →
    ``80 GB``; ``"count"`` → ``1 T`` / ``1兆``; ``"percent"`` (values 0-1) → ``40%``; else the
    number with thousands separators and the unit.

    Notebook 05, section '2. Issuance and redemption' (the yen axes of 05-07)."""
    lang = lang or language()

    def tick(value: float, _position: float = 0) -> str:
        if value == 0:
            return "0"
        if unit == "JPY":
            return units.yen_text(value, lang, digits=3)
        if unit == "GB":
            shown = units.bytes_text(abs(value) * 1e9, "GB", digits=3)
            return re.sub(r"\.?0+(?= )", "", shown) if "." in shown else shown
        if unit == "count":
            return units.params_text(abs(value), digits=3, lang=lang) if value else "0"
        if unit == "percent":
            return f"{value:.0%}"
        return f"{value:,.10g} {unit}".strip()

    return tick


def axis_numbers(ax: Axes, axis: str, unit: str, lang: str | None = None) -> None:
    """Format the ticks of ``axis`` (``"x"`` or ``"y"``) with :func:`number_tick`.

    Notebook 05, section '2. Issuance and redemption'."""
    from matplotlib.ticker import FuncFormatter

    axis = check.choice("axis", axis, ("x", "y"))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(FuncFormatter(number_tick(unit, lang)))


class Chart:
    """A finished figure for display: a PNG with alt text (``image/png`` metadata ``alt``, which the
    app's template writes as the image's ``alt`` attribute) and an HTML caption with its source.
    nbval skips PNGs and compares the caption text. Notebook 01, section '4. Where is 1 trillion?'."""

    def __init__(self, png: bytes, alt: str, caption: str) -> None:
        self.png, self.alt, self.caption = png, alt, caption

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        return self.png, {"alt": self.alt}

    def __repr__(self) -> str:  # the text beside the image: what it shows (the caption follows it)
        return self.alt


def caption_html(text: str, source: str = "", lang: str | None = None) -> str:
    """A figure's caption with its source line, as HTML (class ``t-caption``).

    Notebook 01, section '4. Where is 1 trillion?'."""
    parts = [html.escape(text)] if text else []
    if source:
        parts.append(html.escape(_("Source: {source}", lang, source=source)))
    style = "max-width:46em;margin:2px 0 14px;font-size:0.88em;color:#3d4852"
    return f'<p class="t-caption" style="{style}">' + "<br>".join(parts) + "</p>"


class Caption:
    """A caption shown as HTML, compared by nbval as its text. Notebook 01, section '4. Where is 1 trillion?'."""

    def __init__(self, text: str, source: str = "", lang: str | None = None) -> None:
        self.text, self.source, self.lang = text, source, lang

    def _repr_html_(self) -> str:
        return caption_html(self.text, self.source, self.lang)

    def __repr__(self) -> str:
        line = _("Source: {source}", self.lang, source=self.source) if self.source else ""
        return "\n".join(part for part in (self.text, line) if part)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (constrained layout, 100 dpi). Notebook 01, section '4. Where is 1 trillion?'."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def show(fig: Figure, alt: str, caption: str = "", source: str = "", lang: str | None = None) -> None:
    """Display ``fig`` as an image with ``alt`` text (what the chart shows, for a screen reader), then
    its ``caption`` and ``source`` line, and close it (no second copy from the inline backend).

    Notebook 01, section '4. Where is 1 trillion?' (and every matplotlib figure of 01-08)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt: a figure needs alt text saying what it shows, got {alt!r}")
    png = png_bytes(fig)
    plt.close(fig)
    display(Chart(png, alt, caption))
    if caption or source:
        display(Caption(caption, source, lang))
