"""What every app shares: a message area, errors of callbacks shown in it (ipywidgets would
only log them), figures drawn as PNG bytes for an ``Image``; and, for the search and comparison
apps, the data set and model menus and the hyperparameter rows."""

from __future__ import annotations

import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

from hptlearn.distributions import DISTRIBUTIONS
from hptlearn.models import MODELS, models_for

ERROR_COLOR = "#b2182b"
WARNING_COLOR = "#8c510a"


def html_message(text, color=None, pre=False) -> str:
    """Text as HTML for a message area: escaped, coloured, line breaks kept if ``pre``."""
    body = html.escape(text)
    if pre:
        body = f"<pre style='white-space:pre-wrap;margin:0'>{body}</pre>"
    style = f" style='color:{color}'" if color else ""
    return f"<div{style}>{body}</div>"


def format_value(value) -> str:
    """A hyperparameter value or score for display: floats to 4 significant digits.

    >>> format_value(0.123456), format_value(3), format_value("rbf")
    ('0.1235', '3', 'rbf')
    """
    if isinstance(value, bool) or value is None:
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value))
    return f"{number:.4g}"


def new_figure(width: int = 640, height: int = 440) -> Figure:
    """A matplotlib ``Figure`` of ``width`` x ``height`` pixels (never pyplot: safe in
    callbacks and threads)."""
    return Figure(figsize=(width / 100, height / 100), dpi=100, layout="constrained")


def figure_png(fig: Figure) -> bytes:
    """The PNG bytes of a figure, for ``widgets.Image(format="png").value``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def figure_image(width: int = 640, height: int = 440) -> widgets.Image:
    """An ``Image`` of a fixed size for figures (the page does not jump when it changes)."""
    image = widgets.Image(
        format="png",
        layout=widgets.Layout(width=f"{width}px", height=f"{height}px", object_fit="contain"),
    )
    image.add_class("hptlearn-figure")
    return image


class AppBase(widgets.VBox):
    """A ``VBox`` with a message area (``self.message``) and callbacks that show their errors.

    Subclasses build their controls, then call ``super().__init__(children, css_class=...)``.
    Wrap every ``on_click`` / ``observe`` handler in ``self._safely`` (or use
    ``self._callback(action)``): ipywidgets sends a callback's exception to the log only.
    """

    def __init__(self, children=(), *, css_class: str | None = None, **kwargs):
        if not hasattr(self, "message"):
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

    def _show_error(self, exc: BaseException, note: str = ""):
        """Show an exception as ``Type: message`` in the error colour, with an optional note."""
        text = f"{type(exc).__name__}: {exc}" + (f" {note}" if note else "")
        self.message.value = (
            f'<div class="hptlearn-error" style="color:{ERROR_COLOR}">'
            f"<pre style='white-space:pre-wrap;margin:0'>{html.escape(text)}</pre></div>"
        )

    def _safely(self, action, *args):
        """Run a callback's work; show its exception in the message area (and return None)."""
        try:
            return action(*args)
        except Exception as exc:  # a callback must never raise into the log only
            self._show_error(exc)
            return None

    def _callback(self, action):
        """A widget handler (``on_click`` / ``observe``) that runs ``action()`` safely."""
        return lambda *_: self._safely(action)


class DataModelMenus:
    """Mixin for an app with ``dataset`` and ``model`` Dropdowns, a ``message`` HTML and
    hyperparameter rows (``self._rows``, shown in ``self.rows_box``; each row has a
    ``name`` Text).

    The app defines ``_load_data()`` (sets ``self.task`` and its data), ``_reset_rows()``
    (the rows of the chosen model) and ``_space_changed()`` (what to update when the rows
    change).
    """

    # -- rows --------------------------------------------------------------------------------
    @property
    def rows(self) -> dict:
        """The hyperparameter rows, as ``{name: row}``."""
        return {row.name.value.strip(): row for row in self._rows}

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


class ParamRow(widgets.HBox):
    """One hyperparameter: its name, the grid values, the random distribution.

    ``show("grid")`` shows the values box, ``show("random")`` the distribution and range.
    """

    def __init__(self, name="", grid_text="", kind="log-uniform", random_text="", on_remove=None):
        self.name = widgets.Text(
            value=name, placeholder="name, e.g. svc__C", layout=widgets.Layout(width="170px")
        )
        self.values = widgets.Text(
            value=grid_text,
            placeholder="e.g. 0.1, 1, 10 or 1e-3..1e3 log 7",
            layout=widgets.Layout(width="300px"),
        )
        self.kind = widgets.Dropdown(
            options=list(DISTRIBUTIONS), value=kind, layout=widgets.Layout(width="120px")
        )
        self.range = widgets.Text(
            value=random_text,
            placeholder="low..high, or a, b, c",
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

    def show(self, strategy):
        grid = strategy == "grid"
        self.values.layout.display = None if grid else "none"
        self.kind.layout.display = "none" if grid else None
        self.range.layout.display = "none" if grid else None
