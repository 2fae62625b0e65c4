"""Predict first (helpers.checks.predict): a guess is noted, never marked, and the result is
shown beside it; an untouched template asks for a guess and the reveal still shows the result."""
import pytest

from helpers.checks import predict


@pytest.fixture(autouse=True)
def no_guesses():
    predict._guesses.clear()


def test_no_guess_asks_for_one_and_the_reveal_shows_the_result_alone():
    asked = predict.ask("loss at the start", None)
    assert not asked and "Predict first: replace None with your guess (a number)" in repr(asked)
    shown = repr(predict.reveal("loss at the start", 2.302585))
    assert shown.startswith("🔎 loss at the start: 2.303") and "no prediction above" in shown


def test_a_number_is_noted_and_compared_with_the_result():
    assert "Noted: you predict 1" in repr(predict.ask("loss", 1))
    assert "you predicted 1, off by 1.303: what does the gap tell you?" in repr(predict.reveal("loss", 2.302585))
    predict.ask("loss", 2.2)
    assert repr(predict.reveal("loss", 2.302585)).endswith("you predicted 2.2, within 10%.")


def test_a_choice_is_taken_by_letter_or_text_and_compared():
    options = ["lr 0.1", "lr 1.0", "lr 10"]
    assert "Noted: you predict 'lr 1.0'" in repr(predict.ask("lowest loss", "b", options))
    assert "as you predicted" in repr(predict.reveal("lowest loss", "lr 1.0"))
    predict.ask("lowest loss", " LR 10 ", options)
    assert "you predicted 'lr 10': what made you expect it?" in repr(predict.reveal("lowest loss", "lr 1.0"))


@pytest.mark.parametrize("guess, words", [("Z", "is not one of the choices"), (["a"], "is not one of the choices"),
                                          ("ß", "is not one of the choices")])   # "ß".upper() is two letters
def test_a_choice_that_is_not_offered_says_which_are(guess, words):
    shown = repr(predict.ask("q", guess, ["x", "y"]))
    assert words in shown and "A: 'x', B: 'y'" in shown


def test_a_guess_that_is_not_a_number_says_so():
    assert "should be a number, like 0.5, not 'two'" in repr(predict.ask("q", "two"))
