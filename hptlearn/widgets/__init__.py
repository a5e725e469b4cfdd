"""ipywidgets apps: thin views over hptlearn's searches, results and plots."""

from hptlearn.widgets.progress import SearchProgress

__all__ = ["SearchProgress"]
