import pytest
from django.contrib.auth.models import Permission, User


def make_data_officer(username="dataofficer"):
    """Staff with the data officer's right (audit.view_auditentry) and nothing else."""
    user = User.objects.create_user(username, password="a long officer password 1", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="audit", codename="view_auditentry"),
        Permission.objects.get(content_type__app_label="audit", codename="view_destructionrecord"),
    )
    return user


@pytest.fixture
def data_officer(db):
    return make_data_officer()


@pytest.fixture
def officer_client(client, data_officer):
    client.force_login(data_officer)
    return client
