"""Predict first: commit to a guess before the notebook shows the result.

A student who guesses before looking learns more from the answer, right or wrong. A
prediction is two calls around the cells that compute a result:

    guess = None                      # your prediction, e.g. 1.0
    predict.ask("loss at the start", guess)           # notes it (or asks for one)
    ...                               # the cells that compute `loss`
    predict.reveal("loss at the start", loss)         # the result beside the guess

or, for a choice between a few answers, `predict.ask(question, guess, choices=[...])`
and `predict.reveal(question, the right choice)`. Nothing is marked right or wrong:
`reveal` says how far the guess was and asks what the gap teaches. A guess left as
None is never an error: `reveal` then shows the result alone.
"""
from . import Result, fmt, value_text

_guesses = {}


def ask(question, guess, choices=None):
    """Note the student's `guess` for `question` (a number, or one of `choices`, given by
    its text or its letter A, B, C, ...). Returns what the notebook shows."""
    if guess is None or guess is Ellipsis:
        _guesses.pop(question, None)
        what = f"one of {', '.join(_lettered(choices))}" if choices else "a number"
        return Result(False, f"✍️ Predict first: replace None with your guess ({what}) and run this cell, "
                             "then run the cells below. Any guess counts; it is not marked.")
    if choices:
        picked = _choice(guess, choices)
        if picked is None:
            return Result(False, f"⚠️ {value_text(guess)} is not one of the choices: give one of "
                                 f"{', '.join(_lettered(choices))} (its letter or its text).")
        _guesses[question] = picked
        return Result(True, f"📝 Noted: you predict {picked!r}. Now run the cells below and compare.")
    try:
        _guesses[question] = float(guess)
    except (TypeError, ValueError):
        return Result(False, f"⚠️ Your guess should be a number, like 0.5, not {value_text(guess)}.")
    return Result(True, f"📝 Noted: you predict {fmt(_guesses[question])}. Now run the cells below and compare.")


def reveal(question, actual, unit=""):
    """The result of `question` beside the student's guess (from `ask`), with how far
    apart they are. `actual` is a number or the right choice's text."""
    guess = _guesses.get(question)
    shown = actual if isinstance(actual, str) else fmt(actual)
    if guess is None:
        return Result(True, f"🔎 {question}: {shown}{unit}. (You made no prediction above: next time, guess first.)")
    if isinstance(actual, str):
        verdict = "as you predicted" if guess == actual else f"you predicted {guess!r}: what made you expect it?"
        return Result(True, f"🔎 {question}: {actual!r}, {verdict}")
    gap = abs(guess - float(actual))
    close = gap <= 0.1 * max(abs(float(actual)), 1e-12)
    return Result(True, f"🔎 {question}: {shown}{unit}; you predicted {fmt(guess)}{unit}"
                        + (", within 10%." if close else f", off by {fmt(gap)}{unit}: what does the gap tell you?"))


def _lettered(choices):
    return [f"{chr(65 + i)}: {c!r}" for i, c in enumerate(choices)]


def _choice(guess, choices):
    """The choice `guess` names: its letter (A, B, ...) or its text (case and spaces ignored)."""
    text = str(guess).strip()
    if len(text) == 1 and text.isascii() and text.isalpha() and ord(text.upper()) - 65 < len(choices):
        return choices[ord(text.upper()) - 65]
    return next((c for c in choices if str(c).strip().lower() == text.lower()), None)
