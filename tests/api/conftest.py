import pytest

from api.services import api_client_create


@pytest.fixture
def api_token(db):
    """A token that sees every project."""
    _client, token = api_client_create(name="城市公共信息平台")
    return token


@pytest.fixture
def scoped_token(department):
    """A token that sees only the ``department`` fixture's projects."""
    _client, token = api_client_create(name="市数据局系统", department=department)
    return token


@pytest.fixture
def auth():
    def headers(token):
        return {"HTTP_AUTHORIZATION": f"Token {token}"}

    return headers
