"""Manual tuning now lives in :mod:`hptlearn.state.manual`; this module re-exports it.

``from hptlearn.manual import ManualTuning`` keeps working for the notebooks that use it
today; new code imports from :mod:`hptlearn.state.manual`.
"""

from hptlearn.state.manual import ManualTuning, ValidationCurveData

__all__ = ["ManualTuning", "ValidationCurveData"]
