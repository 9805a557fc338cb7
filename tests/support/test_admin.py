import pytest

from organisations.roles import Role
from support.models import Intervention, Level

from .factories import intervention

pytestmark = pytest.mark.django_db


def test_functional_admin_edits_own_catalogue_in_the_admin_and_never_sees_trajectories(
    client, world
):
    from django.contrib.auth.models import Group

    admin_user = world.a.user(Role.FUNCTIONAL_ADMIN)
    admin_user.is_staff = True
    admin_user.save()
    admin_user.groups.add(Group.objects.get(name="functional_admin"))
    own = intervention(world.a.organisation, level=Level.VERSTERKEN, name="Eigen interventie")
    intervention(world.b.organisation, level=Level.VERSTERKEN, name="Andere interventie")
    client.force_login(admin_user)
    html = client.get("/admin/support/intervention/").content.decode()
    assert "Eigen interventie" in html and "Andere interventie" not in html
    response = client.post(
        f"/admin/support/intervention/{own.pk}/change/",
        {
            "organisation": world.a.organisation.pk,
            "level": "2",
            "name": "Eigen interventie",
            "providers": "Arbeidspsycholoog",
            "themes": "",
            "target_group": "both",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.level == 2 and own.history.count() == 2
    other = Intervention.objects.get(name="Andere interventie")
    assert client.get(f"/admin/support/intervention/{other.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/support/trajectory/").status_code == 404
    assert client.get("/admin/support/trajectoryaccesslog/").status_code == 404
