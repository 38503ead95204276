import pytest


@pytest.fixture
def client(client):
    # Assertions read the English msgids, whatever Korean translations exist.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
