import pytest
from django.test import Client


@pytest.fixture
def client():
    # Assertions read the English msgids; Korean is the site default.
    return Client(headers={"accept-language": "en"})
