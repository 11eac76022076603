"""A simple challenge against bots, without any outside service: a small sum in words the page
asks, an answer checked against a keyed hash in a signed, time-limited token (the token does not
reveal the answer), and a honeypot field people never see."""

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

SALT = "public.survey.challenge"
MAX_AGE_SECONDS = 3600


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def new_challenge() -> tuple[str, str]:
    """(question, token)."""
    first, second = 1 + secrets.randbelow(9), 1 + secrets.randbelow(9)
    nonce = secrets.token_hex(8)
    token = signing.dumps({"n": nonce, "h": _digest(nonce, first + second)}, salt=SALT)
    return _("What is %(a)d plus %(b)d?") % {"a": first, "b": second}, token


def challenge_passed(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
        number = int(str(answer).strip())
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return constant_time_compare(data.get("h", ""), _digest(data.get("n", ""), number))
