"""Assertions on the feedback of the exercises' self-checks, shared by their test files."""

import ast

from hptlearn.exercises import Feedback


def assert_right(fb, start="Correct!"):
    """A verdict on a right answer: correct, no hint, a message that starts as ``start``."""
    assert isinstance(fb, Feedback)
    assert fb.correct is True and bool(fb)
    assert fb.message.startswith(start), fb.message
    assert fb.hint is None


def assert_wrong(fb, message=None, hint=None):
    """A verdict on a wrong answer: not correct, and a hint."""
    assert isinstance(fb, Feedback)
    assert fb.correct is False and not fb
    assert fb.hint, f"no hint for a wrong answer: {fb.message!r}"
    if message is not None:
        assert message in fb.message, fb.message
    if hint is not None:
        assert hint in fb.hint, fb.hint


def assert_told(fb, message):
    """No verdict (a placeholder or a malformed answer): a message only."""
    assert isinstance(fb, Feedback)
    assert fb.correct is False and not fb
    assert fb.hint is None
    assert message in fb.message, fb.message


def assert_solutions_right(cells, namespace) -> int:
    """Run the ```python blocks of markdown ``cells`` (a notebook's Solutions section) in
    ``namespace``; every top-level ``check_...(...)`` call must say Correct. Returns how many
    checks ran."""
    blocks = [
        block.split("\n", 1)[1]
        for cell in cells
        for block in cell.source.split("```")[1::2]
        if block.startswith("python")
    ]
    checked = 0
    for block in blocks:
        for node in ast.parse(block).body:
            call = node.value if isinstance(node, ast.Expr) else None
            if isinstance(call, ast.Call) and getattr(call.func, "id", "").startswith("check_"):
                fb = eval(compile(ast.Expression(node.value), "<solution>", "eval"), namespace)
                assert isinstance(fb, Feedback) and fb.correct, (block, fb)
                checked += 1
            else:
                exec(compile(ast.Module([node], []), "<solution>", "exec"), namespace)
    return checked
