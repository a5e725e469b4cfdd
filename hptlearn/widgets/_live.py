"""What a screen reader hears of a run: a polite ``aria-live`` region, and the few
sentences said into it.

An ipywidgets ``HTML`` widget replaces its whole content at every change, and a region
that is replaced is not announced (a live region has to exist before its text changes).
:class:`LiveRegion` is a tiny `anywidget <https://anywidget.dev>`_ whose front end makes one
``<div role="status" aria-live="polite">`` once and then only changes its text. It is
visually hidden: the status line under the bar shows the same progress to the eye.

:class:`Announcer` decides what to say (plain Python, no widget): that a run started, about
every quarter of it, and how it ended. Never every batch: a screen reader would read
nothing else.

:class:`SliderNames` gives the sliders of an app the accessible name ipywidgets 8 leaves
out: the handle a keyboard moves (``role="slider"``) gets its slider's description as its
``aria-label``.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["Announcer", "LiveRegion", "SliderNames"]

_ESM = """
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "hptlearn-live";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  // visually hidden, still read by screen readers
  Object.assign(region.style, {
    position: "absolute", width: "1px", height: "1px", margin: "-1px", padding: "0",
    overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap", border: "0",
  });
  const show = () => { region.textContent = model.get("text"); };
  show();
  model.on("change:text", show);
  el.appendChild(region);
  return () => model.off("change:text", show);
}
export default { render };
"""


class LiveRegion(anywidget.AnyWidget):
    """A visually hidden, polite live region: screen readers announce each new ``text``.

    >>> region = LiveRegion()
    >>> region.text = "Search started: 12 candidates."
    >>> region.text
    'Search started: 12 candidates.'
    """

    _esm = _ESM
    text = traitlets.Unicode("", help="What the region says now.").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("hptlearn-live-region")


class Announcer:
    """Short sentences about a run, for a :class:`LiveRegion`.

    Parameters
    ----------
    what : str
        What runs, as the first word of a sentence ("Search", "Comparison").
    unit : str
        What the run counts, in the plural ("candidates").

    Examples
    --------
    >>> say = Announcer()
    >>> say.start(40)
    'Search started: 40 candidates.'
    >>> [say.progress(done, 40) for done in (4, 10, 12)]
    [None, '10 of 40 candidates done.', None]
    >>> say.progress(21, 40, best="0.967")
    '21 of 40 candidates done; best so far 0.967.'
    >>> say.end(40, 40, best="0.973 with C=10, gamma=0.01")
    'Search finished: 40 of 40 candidates, best 0.973 with C=10, gamma=0.01.'
    >>> say.end(12, 40, stopped=True)
    'Stopped after 12 of 40 candidates.'
    """

    #: announcements between the start and the end: at each quarter of the run
    parts = 4

    def __init__(self, what: str = "Search", unit: str = "candidates"):
        self.what, self.unit = what, unit
        self._said = 0  # the last quarter announced

    def start(self, total: int) -> str:
        """The run started (and the quarters count again from zero)."""
        self._said = 0
        return f"{self.what} started: {total} {self.unit}."

    def progress(self, done: int, total: int, best: str | None = None) -> str | None:
        """What to say after a report of ``done`` of ``total``: a sentence when the run has
        passed a new quarter (not at the end: :meth:`end` says it), else None."""
        if total <= 0 or done >= total:
            return None
        part = done * self.parts // total
        if part <= self._said:
            return None
        self._said = part
        text = f"{done} of {total} {self.unit} done"
        return text + (f"; best so far {best}." if best else ".")

    def stopping(self) -> str:
        """Stop was pressed."""
        return f"Stopping the {self.what.lower()} at the next candidate."

    def end(
        self,
        done: int,
        total: int,
        *,
        stopped: bool = False,
        error: BaseException | None = None,
        best: str | None = None,
    ) -> str:
        """How the run ended: finished, stopped (by Stop or a time limit) or failed."""
        counts = f"{done} of {total} {self.unit}"
        if error is not None:
            return f"{self.what} failed after {counts}: {type(error).__name__}: {error}"
        text = f"Stopped after {counts}" if stopped else f"{self.what} finished: {counts}"
        return text + (f", best {best}." if best else ".")


_SLIDER_NAMES_ESM = """
function render({ el }) {
  let app = null, observer = null, tries = 0;
  const name = () => {
    for (const slider of app.querySelectorAll(".widget-slider")) {
      const label = slider.querySelector(".widget-label");
      const text = label ? label.textContent.trim() : "";
      for (const handle of slider.querySelectorAll(".noUi-handle")) {
        if (text && handle.getAttribute("aria-label") !== text) {
          handle.setAttribute("aria-label", text);
        }
      }
    }
  };
  const attach = () => {
    app = el.closest(".hptlearn-app");
    if (!app) {  // not in the page yet
      if (tries++ < 100) setTimeout(attach, 100);
      return;
    }
    name();
    observer = new MutationObserver(name);
    observer.observe(app, { childList: true, subtree: true, characterData: true });
  };
  attach();
  return () => observer && observer.disconnect();
}
export default { render };
"""


class SliderNames(anywidget.AnyWidget):
    """An invisible child of an app (an element with the class ``hptlearn-app``) that
    names the app's sliders for screen readers.

    ipywidgets 8 draws a slider's handle (``role="slider"``, what the keyboard moves)
    without an accessible name: its description is a ``<label>`` tied to nothing. This
    widget's front end sets each handle's ``aria-label`` to its slider's description, also
    for sliders added or renamed later (a ``MutationObserver`` on the app).
    """

    _esm = _SLIDER_NAMES_ESM

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("hptlearn-slider-names")
