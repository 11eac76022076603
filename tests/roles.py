"""Signing the test client in as one of the role fixtures, by name."""


def sign_in(client, users, role: str) -> None:
    """``users`` maps role names to users (the ``users``/``all_users`` fixtures); "anonymous" signs out."""
    client.logout()
    if role != "anonymous":
        client.force_login(users[role])
