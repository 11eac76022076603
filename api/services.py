from django.db import transaction

from organisation.models import Department

from .models import TOKEN_PREFIX_LENGTH, ApiClient, hash_token, new_token


@transaction.atomic
def api_client_create(*, name: str, department: Department | None = None) -> tuple[ApiClient, str]:
    """Creates a client and returns it with its token; only the token's hash is stored,
    so this is the one moment the token can be read."""
    token = new_token()
    client = ApiClient(
        name=name,
        department=department,
        token_hash=hash_token(token),
        token_prefix=token[:TOKEN_PREFIX_LENGTH],
    )
    client.full_clean()
    client.save()
    return client, token
