"""What a check said, for the tests of helpers.checks: ✅ correct, ❌ hint, ⚠️ odd input."""
import re


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


def follow_flip_hint(message, numbers):
    """Do what a "flip the signs" hint says: negate every number, then, when the hint says so,
    raise b (the last number) by the most it allows and by half of that. Returns the answers."""
    flipped = [-float(v) for v in numbers]
    found = re.search(r"raise b a little \(by more than 0 and at most ([-\d.e]+)\)", message)
    if not found:
        return [flipped]
    room = float(found.group(1))
    return [flipped[:-1] + [flipped[-1] + part * room] for part in (1, 0.5)]
