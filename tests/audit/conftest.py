import pytest

from tests.factories import team_member


def make_data_officer(username="dataofficer", conference=None):
    """A data officer (teams/roles.py: audit.view_auditentry) of ``conference``, or of all
    conferences (None), and nothing else."""
    return team_member("data_officer", conference, username=username)


@pytest.fixture
def data_officer(db):
    return make_data_officer()


@pytest.fixture
def officer_client(client, data_officer):
    client.force_login(data_officer)
    return client
