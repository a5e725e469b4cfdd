"""Self-checks for the exercises at the end of the notebooks.

Every ``check_*`` function takes the reader's answer and returns a :class:`Feedback`:
``fb.correct`` (also ``bool(fb)``), ``fb.message`` and, for a wrong answer, ``fb.hint``,
which points at the mistake without giving the answer away. An answer left at its
placeholder (``None`` or ``...``) gets a reminder; an answer of the wrong form (a word
where a number is expected, an unknown letter) gets a message saying how to write it.
As the last line of a cell, the feedback shows as plain text (and as HTML in Jupyter).
The set-up arguments of an exercise (the estimator, the data, the budget) are not
answers: wrong ones raise ``ValueError`` or ``TypeError``.

The checks, in the order the notebooks use them:

Notebook 01, parameters vs hyperparameters
    :data:`HYPERPARAMETER_QUIZ` and :func:`check_hyperparameter_quiz`,
    :data:`TRUE_OR_FALSE` and :func:`check_true_or_false`, :func:`check_parameter_count`.
Notebook 02, the two kinds of hyperparameters
    :func:`check_kinds`, :func:`check_weight_updates`, :func:`check_good_k`,
    :data:`BATCH_SIZE_EXPERIMENT` and :func:`check_experiment_roles`.
Notebook 03, manual tuning and validation
    :data:`ROLES` and :func:`check_roles`, :data:`DIAGNOSIS_CASES` and
    :func:`check_diagnosis`, :data:`GOOD_SVC_THRESHOLD` and :func:`check_good_svc`,
    :data:`CHEATING_CHOICES` and :func:`check_cheating`.
Notebook 04, grid search
    :func:`check_fit_count`, :func:`check_kernel_grid`, :func:`check_pipeline_search`.
Notebook 05, random search
    :func:`check_top_fraction_budget`, :func:`check_distribution_choice`,
    :func:`check_random_search`, :func:`check_continued_fits`.
Notebook 06, grid vs random search
    :func:`check_distinct_values`, :func:`check_strategy_choice`.
Notebook 07, successive halving
    :func:`check_halving_candidates`, :func:`check_full_fit_equivalents`,
    :func:`check_rank_correlation`.
Notebook 08, Bayesian optimization and quasi-random search
    :func:`check_model_guided_trials`, :func:`check_expected_slices_hit`,
    :func:`check_tpe_good_trials`, :func:`check_exploit_range`.
Notebook 09, the race
    :func:`check_median_difference`, :data:`NOISE_CASES` and :func:`check_noise_verdicts`,
    :func:`check_mcnemar_p`.
Notebook 10, did we fool ourselves?
    :func:`check_standard_error`, :func:`check_nested_estimate`.
Notebook 11, when one machine is not enough
    :func:`check_projected_wall`, :func:`check_busy_workers`.
Notebook 13, grouped and time-ordered data
    :func:`check_grouped_search`.
Notebook 14, capstone on the Palmer penguins
    :func:`check_third_model`.
Notebook 15, Hyperband and ASHA
    :func:`check_bracket_starts`, :func:`check_eliminated`.
Notebook 16, reading a search over many hyperparameters
    :func:`check_clearly_important`, :func:`check_top_chance`.

>>> fb = check_weight_updates(n_samples=300, batch_size=32, epochs=100, answer=1000)
>>> fb.correct
True
>>> fb
Correct! 10 updates per epoch (one per batch of 32), times 100 epochs.
>>> check_weight_updates(n_samples=300, batch_size=32, epochs=100, answer=None)
No answer yet: replace the placeholder with a whole number.
"""

from hptlearn.exercises._feedback import Feedback
from hptlearn.exercises.nb01 import (
    HYPERPARAMETER_QUIZ,
    TRUE_OR_FALSE,
    check_hyperparameter_quiz,
    check_parameter_count,
    check_true_or_false,
)
from hptlearn.exercises.nb02 import (
    BATCH_SIZE_EXPERIMENT,
    check_experiment_roles,
    check_good_k,
    check_kinds,
    check_weight_updates,
)
from hptlearn.exercises.nb03 import (
    CHEATING_CHOICES,
    DIAGNOSIS_CASES,
    GOOD_SVC_THRESHOLD,
    ROLES,
    check_cheating,
    check_diagnosis,
    check_good_svc,
    check_roles,
)
from hptlearn.exercises.nb04 import check_fit_count, check_kernel_grid, check_pipeline_search
from hptlearn.exercises.nb05 import (
    check_continued_fits,
    check_distribution_choice,
    check_random_search,
    check_top_fraction_budget,
)
from hptlearn.exercises.nb06 import check_distinct_values, check_strategy_choice
from hptlearn.exercises.nb07 import (
    check_full_fit_equivalents,
    check_halving_candidates,
    check_rank_correlation,
)
from hptlearn.exercises.nb08 import (
    check_expected_slices_hit,
    check_exploit_range,
    check_model_guided_trials,
    check_tpe_good_trials,
)
from hptlearn.exercises.nb09 import (
    NOISE_CASES,
    check_mcnemar_p,
    check_median_difference,
    check_noise_verdicts,
)
from hptlearn.exercises.nb10 import check_nested_estimate, check_standard_error
from hptlearn.exercises.nb11 import check_busy_workers, check_projected_wall
from hptlearn.exercises.nb13 import check_grouped_search
from hptlearn.exercises.nb14 import check_third_model
from hptlearn.exercises.nb15 import check_bracket_starts, check_eliminated
from hptlearn.exercises.nb16 import check_clearly_important, check_top_chance

__all__ = [
    "Feedback",
    # Notebook 01
    "HYPERPARAMETER_QUIZ",
    "TRUE_OR_FALSE",
    "check_hyperparameter_quiz",
    "check_true_or_false",
    "check_parameter_count",
    # Notebook 02
    "check_kinds",
    "check_weight_updates",
    "check_good_k",
    "BATCH_SIZE_EXPERIMENT",
    "check_experiment_roles",
    # Notebook 03
    "ROLES",
    "DIAGNOSIS_CASES",
    "GOOD_SVC_THRESHOLD",
    "CHEATING_CHOICES",
    "check_roles",
    "check_diagnosis",
    "check_good_svc",
    "check_cheating",
    # Notebook 04
    "check_fit_count",
    "check_kernel_grid",
    "check_pipeline_search",
    # Notebook 05
    "check_top_fraction_budget",
    "check_distribution_choice",
    "check_random_search",
    "check_continued_fits",
    # Notebook 06
    "check_distinct_values",
    "check_strategy_choice",
    # Notebook 07
    "check_halving_candidates",
    "check_full_fit_equivalents",
    "check_rank_correlation",
    # Notebook 08
    "check_model_guided_trials",
    "check_expected_slices_hit",
    "check_tpe_good_trials",
    "check_exploit_range",
    # Notebook 09
    "NOISE_CASES",
    "check_median_difference",
    "check_noise_verdicts",
    "check_mcnemar_p",
    # Notebook 10
    "check_standard_error",
    "check_nested_estimate",
    # Notebook 11
    "check_projected_wall",
    "check_busy_workers",
    # Notebook 13
    "check_grouped_search",
    # Notebook 14
    "check_third_model",
    # Notebook 15
    "check_bracket_starts",
    "check_eliminated",
    # Notebook 16
    "check_clearly_important",
    "check_top_chance",
]
