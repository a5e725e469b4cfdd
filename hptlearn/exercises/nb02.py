"""Self-checks of notebook 02: the two kinds of hyperparameters."""

from __future__ import annotations

import math

from hptlearn.exercises._feedback import (
    Feedback,
    _answers,
    _check,
    _given,
    _is_placeholder,
    _Stop,
    _whole_number,
    _word,
)

# --------------------------------------------------------------------------------------
# Notebook 02: the two kinds of hyperparameters
# --------------------------------------------------------------------------------------

_ANSWER_KINDS = ("model", "optimization", "other")

# Borderline settings: either "model" or "optimization" is accepted, with this note.
_EITHER_KIND = {
    "early_stopping": (
        "early_stopping is borderline: it stops the optimization (hence 'optimization' in "
        "hyperparameter_kind), but it is usually taught as a regularizer, and it trains on only "
        "1 - validation_fraction (90 %) of the training data, so it changes the fitted model "
        "('model')."
    ),
    "validation_fraction": (
        "validation_fraction is borderline: it is the share of the training data held out for "
        "early stopping, so it changes which data the model is fitted on ('model'), although "
        "it serves the stopping rule ('optimization')."
    ),
}


@_check
def check_kinds(estimator, answers) -> Feedback:
    """Check ``{hyperparameter name: "model" | "optimization" | "other"}`` for
    ``estimator``, against :func:`hptlearn.concepts.describe_hyperparameter`."""
    from hptlearn.concepts import describe_hyperparameter

    _given(answers, 'a dict like {"alpha": "model", ...}')
    if not isinstance(answers, dict) or not answers:
        raise _Stop(f'Give a dict like {{"alpha": "model", ...}}, not {answers!r}.')
    todo = [name for name, kind in answers.items() if _is_placeholder(kind)]
    if todo:
        raise _Stop(f"Still to answer: {', '.join(map(str, todo))}.")
    kinds, truth = {}, {}
    for name, kind in answers.items():
        if _word(kind) not in _ANSWER_KINDS:
            raise _Stop(f"{name}: {kind!r} is not a kind; use 'model', 'optimization' or 'other'.")
        try:
            truth[name] = describe_hyperparameter(estimator, name)
        except ValueError as exc:
            raise _Stop(str(exc)) from None
        kinds[name] = _word(kind)
    both = [name for name in answers if name in _EITHER_KIND]
    wrong = [
        name
        for name in answers
        if kinds[name] != truth[name][0]
        and not (name in _EITHER_KIND and kinds[name] in ("model", "optimization"))
    ]
    cls = type(estimator).__name__
    if not wrong:
        return Feedback(
            True,
            f"Correct! All {len(answers)} hyperparameters of {cls} classified right."
            + "".join(f" {_EITHER_KIND[name]}" for name in both),
        )
    hints = [
        f"{name} is not {kinds[name]!r}. What it does: {truth[name][1]} Does that "
        "decide what model is fitted, or how its parameters are found?"
        for name in wrong
    ]
    return Feedback(
        False,
        f"Not yet: {len(answers) - len(wrong)} of {len(answers)} classified right.",
        "\n".join(hints),
    )


@_check
def check_weight_updates(n_samples, batch_size, epochs, answer) -> Feedback:
    """Check the number of weight updates of mini-batch SGD: one per batch of
    ``batch_size`` samples (the last batch of an epoch may be smaller), ``epochs`` times
    over ``n_samples`` samples."""
    updates = _whole_number(_given(answer, "a whole number"), "The number of updates", minimum=0)
    per_epoch = math.ceil(n_samples / batch_size)
    expected = epochs * per_epoch
    if updates == expected:
        return Feedback(
            True,
            f"Correct! {per_epoch} updates per epoch (one per batch of "
            f"{batch_size}), times {epochs} epochs.",
        )
    if updates in (epochs * (n_samples // batch_size), epochs * n_samples // batch_size):
        return Feedback(
            False,
            "Almost.",
            "The last batch of an epoch may be smaller, but it "
            "still makes an update: round the number of batches per epoch up.",
        )
    return Feedback(
        False,
        "Not quite.",
        "One epoch is one pass over all the samples, in "
        "batches of batch_size; every batch makes one update of the weights.",
    )


@_check
def check_good_k(k) -> Feedback:
    """Check a k for k-nearest neighbours on the moons split of the model demo.

    The split is ``hptlearn.catalog.demo_split("moons")`` (200 training, 100 validation
    samples), the one the model-hyperparameters app shows. Correct if k gives a validation
    accuracy of at least 0.95 and does not simply memorise the training data (training
    accuracy below 1).
    """
    from sklearn.neighbors import KNeighborsClassifier

    from hptlearn.catalog import demo_split

    k = _whole_number(_given(k, "a whole number of neighbours"), "k")
    X_train, X_val, y_train, y_val = demo_split("moons")
    if not 1 <= k <= len(X_train):
        raise _Stop(
            f"k must be between 1 and {len(X_train)}, the number of training samples, not {k}."
        )
    model = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
    train, val = model.score(X_train, y_train), model.score(X_val, y_val)
    said = f"k={k}: train accuracy {train:.2f}, validation accuracy {val:.2f}."
    if val >= 0.95 and train < 1:
        return Feedback(True, f"Correct! {said}")
    if train == 1:
        return Feedback(
            False,
            f"Not yet: {said}",
            "The model memorises the training data (a very flexible model): try a larger k.",
        )
    if k > 20:
        return Feedback(
            False,
            f"Not yet: {said}",
            "The boundary is too smooth to follow the moons: try a smaller k.",
        )
    return Feedback(False, f"Not yet: {said}", "Close: try a few neighbouring values of k.")


# The experiment of exercise 4 (the question, and what each hyperparameter is for it), as in
# Google's deep learning tuning playbook: the *scientific* hyperparameter is the one whose
# effect the experiment measures; *nuisance* hyperparameters are tuned for each of its values,
# so that the comparison is fair; *fixed* ones keep one value, and the conclusion holds for
# that value only.
BATCH_SIZE_EXPERIMENT = (
    "Does batch size 300 train the network of this notebook to a lower training loss in 100 "
    "epochs than batch size 32? (same hidden layer of 16 neurons, plain SGD without momentum)"
)
_EXPERIMENT_ROLES = {
    "batch_size": "scientific",
    "learning_rate_init": "nuisance",
    "hidden_layer_sizes": "fixed",
    "max_iter": "fixed",
}
_ROLE_WORDS = ("scientific", "nuisance", "fixed")
_ROLE_HINTS = {
    "batch_size": "Which hyperparameter's effect does the question ask about?",
    "learning_rate_init": (
        "The best learning rate depends on the batch size (the tuned rates printed above "
        "differ): kept at one value, it favours the batch size it happens to suit."
    ),
    "hidden_layer_sizes": (
        "Does the question ask about the architecture, and would you change it for each batch size?"
    ),
    "max_iter": (
        "The question names the budget, 100 epochs, for both batch sizes: is that measured, "
        "tuned for each batch size, or part of the question?"
    ),
}


@_check
def check_experiment_roles(answer) -> Feedback:
    """Check the roles ``{"batch_size": ..., "learning_rate_init": ..., "hidden_layer_sizes":
    ..., "max_iter": ...}`` (``"scientific"``, ``"nuisance"`` or ``"fixed"``) of the
    hyperparameters in :data:`BATCH_SIZE_EXPERIMENT`: the batch size is scientific, the
    learning rate a nuisance (tuned for each batch size), the architecture and the epochs fixed.
    """
    given = _answers(answer, list(_EXPERIMENT_ROLES), '{"batch_size": "scientific", ...}')
    roles = {}
    for name, role in given.items():
        word = _word(role)
        if word not in _ROLE_WORDS:
            raise _Stop(f"{name}: {role!r} is not a role; use 'scientific', 'nuisance' or 'fixed'.")
        roles[name] = word
    wrong = [name for name in _EXPERIMENT_ROLES if roles[name] != _EXPERIMENT_ROLES[name]]
    if not wrong:
        return Feedback(
            True,
            "Correct! batch_size is what the experiment measures (scientific); the learning "
            "rate is tuned separately for each batch size (nuisance), since its best value "
            "depends on the batch size; the architecture and the 100 epochs are fixed, so the "
            "answer holds for this network and this budget.",
        )
    return Feedback(
        False,
        f"Not yet: {len(_EXPERIMENT_ROLES) - len(wrong)} of {len(_EXPERIMENT_ROLES)} right.",
        "\n".join(f"{name} is not {roles[name]!r}. {_ROLE_HINTS[name]}" for name in wrong),
    )
