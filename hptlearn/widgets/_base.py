"""What the apps share: a message area, errors of callbacks shown in it (ipywidgets would
only log them), figures as PNG bytes for an ``Image``, HTML tables; and, for the search and
comparison apps, the data set and model menus and the hyperparameter rows (read by
:class:`hptlearn.state.SpaceEditor`)."""

from __future__ import annotations

import html
import io
from functools import lru_cache

import ipywidgets as widgets
from matplotlib.figure import Figure
from traitlets import Unicode

from hptlearn.catalog import DATASETS, MODELS, models_for
from hptlearn.distributions import DISTRIBUTIONS
from hptlearn.state import LIST, SpaceRow
from hptlearn.strategies import LISTS
from hptlearn.style import (
    ERROR_COLOR,
    MUTED_COLOR,
    format_duration,
    format_table_number,
    format_value,
)

__all__ = [
    "AppBase",
    "ParamRow",
    "SpaceRowsMixin",
    "call_safely",
    "delegate",
    "describe_figure",
    "figure_caption",
    "figure_image",
    "figure_png",
    "format_duration",
    "format_value",  # from hptlearn.style, the one place of number formats
    "html_message",
    "html_table",
    "new_figure",
    "placeholder_png",
    "show_figure",
]


# --------------------------------------------------------------------------------------
# Text and tables
# --------------------------------------------------------------------------------------


def html_message(text, color=None, pre=False) -> str:
    """Text as HTML for a message area: escaped, coloured, line breaks kept if ``pre``.

    >>> html_message("a < b", color="red")
    "<div style='color:red'>a &lt; b</div>"
    """
    body = html.escape(text)
    if pre:
        body = f"<pre style='white-space:pre-wrap;margin:0'>{body}</pre>"
    style = f" style='color:{color}'" if color else ""
    return f"<div{style}>{body}</div>"


def html_table(frame, caption: str = "") -> str:
    """A DataFrame as an HTML table for an ``HTML`` widget (numbers as
    :func:`hptlearn.style.format_table_number` writes them, missing values as a
    dash), under a bold caption."""
    body = frame.to_html(
        index=False,
        float_format=format_table_number,
        na_rep="—",
        classes="hptlearn-table",
        border=0,
    )
    return (f"<b>{html.escape(caption)}</b>" if caption else "") + body


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


def new_figure(width: int = 640, height: int = 440, *, dpi: int = 100, layout="constrained"):
    """A matplotlib ``Figure`` of ``width`` x ``height`` pixels, made without pyplot (safe
    in callbacks and threads)."""
    return Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout=layout)


def figure_png(fig: Figure) -> bytes:
    """The PNG bytes of a figure, at its own size, for ``widgets.Image.value``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


@lru_cache(maxsize=8)
def placeholder_png(text: str, width: int = 640, height: int = 440) -> bytes:
    """A figure-sized image that only says ``text`` (what will appear there)."""
    fig = new_figure(width, height, layout=None)
    fig.text(0.5, 0.5, text, ha="center", va="center", color=MUTED_COLOR, fontsize=13)
    return figure_png(fig)


class FigureImage(widgets.Image):
    """An ``Image`` whose ``tooltip`` reaches the page as the ``title`` of its ``<img>``.

    The front end of ipywidgets 8.1 sets a widget's ``title`` only when the widget's
    ``description`` is empty, and reads that description's length: on an ``Image``, which
    has none, setting a tooltip stops the widget from rendering at all (fixed upstream in
    jupyter-widgets/ipywidgets#3921). This ``Image`` carries an empty description, so its
    tooltip works.
    """

    description = Unicode("", help="Always empty (see the class's documentation).").tag(sync=True)


def figure_image(width: int = 640, height: int = 440) -> widgets.Image:
    """An ``Image`` of a fixed size for figures (the page does not jump when it changes),
    whose tooltip is its description (see :func:`describe_figure`)."""
    image = FigureImage(
        format="png",
        layout=widgets.Layout(width=f"{width}px", height=f"{height}px", object_fit="contain"),
    )
    image.add_class("hptlearn-figure")
    return image


def figure_caption(width: int | None = None) -> widgets.HTML:
    """The line under a figure that says in words what it shows (see :func:`describe_figure`),
    as wide as the figure (``width`` pixels) if given."""
    caption = widgets.HTML()
    if width is not None:
        caption.layout.width = f"{width}px"
    caption.add_class("hptlearn-figure-description")
    return caption


def describe_figure(image: widgets.Image, caption: widgets.HTML | None, text: str) -> None:
    """Give a figure its text description.

    An ``Image`` has no alt text, so ``text`` becomes its tooltip (the ``title`` attribute
    of the ``<img>``, which screen readers announce as the image's name) and, if
    ``caption`` is given, the line under the figure, readable by everyone.

    >>> image, caption = figure_image(), figure_caption()
    >>> describe_figure(image, caption, "Scores against C: the best is 0.97 at C = 10.")
    >>> image.tooltip
    'Scores against C: the best is 0.97 at C = 10.'
    >>> caption.value
    "<div style='color:#666666'>Scores against C: the best is 0.97 at C = 10.</div>"
    >>> image.get_state()["description"]  # what the front end needs to show the tooltip
    ''
    """
    image.tooltip = text
    if caption is not None:
        caption.value = html_message(text, color=MUTED_COLOR) if text else ""


def show_figure(image: widgets.Image, caption: widgets.HTML | None, png: bytes, text: str):
    """Show a figure (PNG bytes) and its text description together (:func:`describe_figure`),
    so that the picture and the words never tell two different runs."""
    image.value = png
    describe_figure(image, caption, text)


# --------------------------------------------------------------------------------------
# Callbacks and the message area
# --------------------------------------------------------------------------------------


def call_safely(action, on_error, *args):
    """``action(*args)``; on an exception, ``on_error(exc)`` and None.

    A widget callback must not raise: ipywidgets sends the exception to the log only.
    """
    try:
        return action(*args)
    except Exception as exc:
        on_error(exc)
        return None


def delegate(*path: str) -> property:
    """A read-only attribute of an app that is the attribute at ``path`` of its headless
    state: ``estimator = delegate("tuning", "estimator")`` reads ``app.tuning.estimator``."""

    def get(self):
        value = self
        for name in path:
            value = getattr(value, name)
        return value

    return property(get, doc=f"``app.{'.'.join(path)}``")


class AppBase(widgets.VBox):
    """A ``VBox`` with a message area (``self.message``) and callbacks that show their errors.

    Subclasses either call ``super().__init__(css_class=...)`` first, build their controls
    and set ``self.children``, or build their controls (``self.message`` too, if they
    like) and call ``super().__init__(children, css_class=...)``. Wrap every ``on_click`` /
    ``observe`` handler in ``self._safely`` or make it with ``self._callback(action)``.
    """

    def __init__(self, children=(), *, css_class: str | None = None, **kwargs):
        if "message" not in self.__dict__:  # an app may make it first, to lay it out
            self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.message.add_class("hptlearn-message")
        super().__init__(list(children), **kwargs)
        self.add_class("hptlearn-app")
        if css_class:
            self.add_class(css_class)

    def _show_message(self, text, color=None, pre=False):
        """Show ``text`` in the message area (empty text clears it)."""
        if not text:
            self.message.value = ""
            return
        self.message.value = html_message(text, color=color, pre=pre or "\n" in text)

    def _say(self, text, *, error: bool = False):
        self._show_message(text, color=ERROR_COLOR if error else None)

    def _show_error(self, exc: BaseException, note: str = "", details: str = ""):
        """Show an exception as ``Type: message`` in the error colour, with an optional
        note, and ``details`` (a traceback) folded under it."""
        text = f"{type(exc).__name__}: {exc}" + (f" {note}" if note else "")
        folded = (
            f"<details><summary>Details</summary><pre style='font-size:smaller'>"
            f"{html.escape(details)}</pre></details>"
            if details
            else ""
        )
        self.message.value = (
            f'<div class="hptlearn-error" style="color:{ERROR_COLOR}">'
            f"<pre style='white-space:pre-wrap;margin:0'>{html.escape(text)}</pre>{folded}</div>"
        )

    def _safely(self, action, *args):
        """Run a callback's work; show its exception in the message area (and return None)."""
        return call_safely(action, self._show_error, *args)

    def _callback(self, action):
        """A widget handler (``on_click`` / ``observe``) that runs ``action()`` safely."""
        return lambda *_: self._safely(action)


# --------------------------------------------------------------------------------------
# Data set and model menus, hyperparameter rows (search and comparison apps)
# --------------------------------------------------------------------------------------


#: The accessible names of the boxes of a hyperparameter row (their hidden labels).
ROW_NAMES = {
    "name": "Hyperparameter name",
    "values": "Values to try",
    "kind": "Distribution",
    "range": "Range (low..high) or choices",
}


#: The style of a description read by screen readers only (a label of no width).
_HIDDEN_LABEL = {"description_width": "0px"}


class ParamRow(widgets.HBox):
    """One hyperparameter as typed: its name, the grid values, the random distribution.

    ``show("lists")`` shows the values box, ``show("distributions")`` the distribution and
    range (what the strategy's rows read: :attr:`hptlearn.strategies.Strategy.reads`);
    :meth:`as_space_row` is what the state reads.

    Its boxes show no label (the heading above the rows says what they hold), yet each
    has one for screen readers: a description (:data:`ROW_NAMES`) in a label of no width,
    which the front end ties to the input (``<label for=...>``). A ``tooltip`` would not
    do: it becomes the input's ``title``, a name only shown on hover (axe's
    ``label-title-only``). While the row is wrong, its name's label also says why.
    """

    def __init__(self, name="", grid_text="", kind="log-uniform", random_text="", on_remove=None):
        self.name = widgets.Text(
            value=name,
            placeholder="name, e.g. svc__C",
            description=ROW_NAMES["name"],
            style=_HIDDEN_LABEL,
            layout=widgets.Layout(width="170px"),
        )
        self.values = widgets.Text(
            value=grid_text,
            placeholder="e.g. 0.1, 1, 10 or 1e-3..1e3 log 7",
            description=ROW_NAMES["values"],
            style=_HIDDEN_LABEL,
            layout=widgets.Layout(width="300px"),
        )
        self.kind = widgets.Dropdown(
            options=list(DISTRIBUTIONS),
            value=kind,
            description=ROW_NAMES["kind"],
            style=_HIDDEN_LABEL,
            layout=widgets.Layout(width="120px"),
        )
        self.range = widgets.Text(
            value=random_text,
            placeholder="low..high, or a, b, c",
            description=ROW_NAMES["range"],
            style=_HIDDEN_LABEL,
            layout=widgets.Layout(width="175px"),
        )
        self.remove = widgets.Button(
            icon="times", tooltip="Remove this hyperparameter", layout=widgets.Layout(width="36px")
        )
        for control, css in (
            (self.name, "name"),
            (self.values, "values"),
            (self.kind, "kind"),
            (self.range, "range"),
        ):
            control.add_class(f"hptlearn-param-{css}")
        if on_remove is not None:
            self.remove.on_click(lambda _: on_remove(self))
        super().__init__([self.name, self.values, self.kind, self.range, self.remove])

    def show(self, reads):
        grid = reads == LISTS
        self.values.layout.display = None if grid else "none"
        self.kind.layout.display = "none" if grid else None
        self.range.layout.display = "none" if grid else None

    def as_space_row(self, reads) -> SpaceRow:
        """The row as the state reads it: the values (``"lists"``) or the distribution
        (``"distributions"``)."""
        if reads == LISTS:
            return SpaceRow(self.name.value, LIST, self.values.value)
        return SpaceRow(self.name.value, self.kind.value, self.range.value)

    def show_error(self, error: str | None):
        """Outline the row, and add the error to its name's label, while it is wrong."""
        self.layout.border = f"1px solid {ERROR_COLOR}" if error else None
        name = ROW_NAMES["name"]
        self.name.description = f"{name}: {error}" if error else name


class SpaceRowsMixin:
    """Mixin of an app (an :class:`AppBase`) with ``dataset`` and ``model`` Dropdowns and
    hyperparameter rows (``self._rows``, shown in ``self.rows_box``) read by a
    :class:`hptlearn.state.SpaceEditor` (``self.editor``).

    The app defines ``_load_data()`` (sets ``self.task`` and its data), ``_reset_rows()``
    (the rows of the chosen model), ``_space_changed()`` (what to update when the rows
    change) and ``_strategy()`` (``"lists"`` or ``"distributions"``: which text of a row is read).
    """

    def _build_menus(self, dataset):
        """The data set and model menus, the box of rows and the "Add hyperparameter"
        button (the model's options are set once the data is loaded)."""
        if dataset not in DATASETS:
            raise ValueError(f"Unknown data set {dataset!r}; choose one of {sorted(DATASETS)}.")
        self._rows: list[ParamRow] = []
        self.dataset = widgets.Dropdown(options=sorted(DATASETS), value=dataset, description="Data")
        self.model = widgets.Dropdown(description="Model", layout=widgets.Layout(width="380px"))
        self.rows_box = widgets.VBox()
        self.add_button = widgets.Button(description="Add hyperparameter", icon="plus")
        self.add_button.on_click(self._callback(self.add_row))

    # -- rows --------------------------------------------------------------------------------
    @property
    def rows(self) -> dict:
        """The hyperparameter rows, as ``{name: row}``."""
        return {row.name.value.strip(): row for row in self._rows}

    def _make_row(self, name="", grid_text="", kind="log-uniform", random_text=""):
        """A row shown for the app's strategy; any change to it calls ``_space_changed``."""
        row = ParamRow(
            name, grid_text, kind, random_text, on_remove=lambda r: self._safely(self.remove_row, r)
        )
        row.show(self._strategy())
        for control in (row.name, row.values, row.kind, row.range):
            control.observe(self._callback(self._space_changed), names="value")
        return row

    def _show_row_list(self, rows):
        self._rows = list(rows)
        self.rows_box.children = tuple(self._rows)
        self._space_changed()

    def _append_row(self, row):
        self._show_row_list([*self._rows, row])
        return row

    def remove_row(self, row):
        """Remove a hyperparameter row (what its × button does)."""
        if row in self._rows:
            self._show_row_list([r for r in self._rows if r is not row])

    def _edit(self):
        """Hand the rows, as typed now, to the editor; return it."""
        self.editor.rows = [row.as_space_row(self._strategy()) for row in self._rows]
        return self.editor

    def _show_row_errors(self):
        for row, edited in zip(self._rows, self.editor.rows, strict=False):
            row.show_error(edited.error)

    @property
    def space(self) -> dict:
        """The search space the rows describe (raises a readable ``ValueError`` if they
        cannot be read; the names are checked when the search is built)."""
        try:
            return self._edit().parse()
        finally:
            self._show_row_errors()

    # -- menus -------------------------------------------------------------------------------
    def _set_model_options(self, preferred):
        choices = models_for(self.task)
        if preferred not in choices:
            known = preferred in MODELS
            raise ValueError(
                f"Model {preferred!r} is not available for the {self.task} data set "
                f"{self.dataset.value!r}"
                + ("" if known else " (unknown model)")
                + f"; choose one of {sorted(choices)}."
            )
        self.model.options = [(m.label, key) for key, m in choices.items()]
        self.model.value = preferred

    def _on_dataset(self, _change):
        self._safely(self._change_dataset)

    def _change_dataset(self):
        self._load_data()
        current = self.model.value
        self.model.unobserve(self._on_model, names="value")
        try:
            choices = models_for(self.task)
            self.model.options = [(m.label, key) for key, m in choices.items()]
            self.model.value = current if current in choices else next(iter(choices))
        finally:
            self.model.observe(self._on_model, names="value")
        self._reset_rows()

    def _on_model(self, _change):
        self._safely(self._reset_rows)

    def make_estimator(self):
        """A new, unfitted estimator of the chosen model."""
        return MODELS[self.model.value].make()
