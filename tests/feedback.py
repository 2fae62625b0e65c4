"""What a check said, for the tests of helpers.checks: ✅ correct, ❌ hint, ⚠️ odd input."""


def ok(result):
    """True when the check accepted the answer."""
    return bool(result) and result.message.startswith("✅")


def hint(result):
    """Assert the check rejected a wrong answer with a hint; return the hint."""
    assert not result and result.message.startswith("❌"), result.message
    return result.message


def odd(result):
    """Assert the check answered odd input with a friendly message; return it."""
    assert not result and result.message.startswith("⚠️"), result.message
    return result.message


friendly = odd
