"""Factories for intake data; everything is built through the services."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake import services
from intake.models import Application, Campaign, RejectionReason, SelectionCriterion
from tests.organisations.factories import OrganisationFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Zij-instromers jeugdbeschermer {n}")
    role_profile = Campaign.RoleProfile.YOUTH_PROTECTOR
    target_group = Campaign.TargetGroup.CAREER_SWITCHERS
    description = "Word jeugdbeschermer."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    places = 3
    application_cap = None
    waiting_list = True
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.campaign_create(**kwargs)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Criterium {n}")
    kind = SelectionCriterion.Kind.SOFT
    weight = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.criterion_create(**kwargs)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    first_name = "Sanne"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    email = factory.Sequence(lambda n: f"sollicitant{n}@example.org")
    education_level = "hbo"
    education_field = "related"
    diploma = "Pedagogiek"
    diploma_obtained = True
    previous_sector = "Kinderopvang"
    previous_role = "Pedagogisch medewerker"
    previous_seniority = "senior"
    years_experience = 10
    motivation = "Ik wil kinderen helpen."
    check_open = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.application_submit(**kwargs)


def reason(label="Andere kandidaten passen beter", organisation=None) -> RejectionReason:
    return RejectionReason.objects.create(label=label, organisation=organisation)


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def pdf(name="cv.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def apply_form_data(n=0, **extra):
    """A valid POST of the public application form; `n` varies the email address."""
    data = {
        "first_name": "Anouk",
        "last_name": "Hek",
        "email": f"anouk{n}@example.org",
        "phone": "0612345678",
        "education_level": "hbo",
        "education_field": "sw_other",
        "diploma": "Social Work",
        "diploma_obtained": "on",
        "previous_sector": "Kinderopvang",
        "previous_role": "Pedagogisch medewerker",
        "previous_seniority": "senior",
        "years_experience": "12",
        "years_relevant_hbo_work": "0",
        "life_experience": "Moeder van drie",
        "motivation": "Ik heb een realistisch beeld.",
        "source": "website",
        "consent_to_keep": "on",
        "website": "",
    }
    data.update(extra)
    return data
