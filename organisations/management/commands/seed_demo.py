"""Build believable demo data for every role: `python manage.py seed_demo`.

Each project app may have a `demo.py` with `seed(ctx)`; they run in the order of
INSTALLED_APPS (the order data flows), so later apps build on earlier ones.
Running the command twice creates nothing twice.
"""

import datetime
import importlib
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from config.project_apps import PROJECT_APPS


@dataclass
class SeedContext:
    password: str
    scale: str
    today: datetime.date
    rng: random.Random
    write: callable
    organisations: dict = field(default_factory=dict)  # name -> Organisation
    teams: dict = field(default_factory=dict)  # (org name, team name) -> Team
    users: dict = field(default_factory=dict)  # username -> User
    employees: dict = field(default_factory=dict)  # username -> Employee of demo users


class Command(BaseCommand):
    help = "Create demo organisations, people and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="'small' is the demo; 'large' adds the benchmark scale (20 organisations, "
            "200 teams, 5,000 employees) on top of it.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (deterministic).")
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="Really send the demo notifications' emails (by default they are dropped, "
            "so `make run` does not print dozens of demo emails; the in-app ones stay).",
        )

    def handle(self, *args, scale, seed, send_mail=False, **options):
        if send_mail:
            return self._seed(scale, seed)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return self._seed(scale, seed)

    def _seed(self, scale, seed):
        ctx = SeedContext(
            password=settings.DEMO_PASSWORD,
            scale=scale,
            today=timezone.localdate(),
            rng=random.Random(seed),  # noqa: S311 - demo data, not security
            write=lambda msg: self.stdout.write(msg),
        )
        with transaction.atomic():
            modules = list(self._demo_modules())
            for module in modules:
                module.seed(ctx)
            if scale == "large":
                # Top-ups run after every app's demo data, so the targets are exact.
                for module in modules:
                    if hasattr(module, "seed_large"):
                        module.seed_large(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {ctx.password}):")
        for username, role in DEMO_ROLES_TEXT:
            self.stdout.write(f"  {username:<12} {role}")

    @staticmethod
    def _demo_modules():
        for label in PROJECT_APPS:
            if not apps.is_installed(label):
                continue
            try:
                yield importlib.import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise


DEMO_ROLES_TEXT = [
    ("hr", "HR advisor – Jeugdbescherming Noord, Veilig Thuis Groningen"),
    ("supervisor", "practice supervisor – Jeugdbescherming Noord, Veilig Thuis Groningen"),
    ("mentor", "mentor (hoofdbegeleider) – Jeugdbescherming Noord"),
    ("manager", "team manager – Jeugdbescherming Noord, Veilig Thuis Groningen"),
    ("support", "support coordinator – Jeugdbescherming Noord, Jeugdbescherming west"),
    ("sideentrant", "side-entrant (zij-instromer) – Jeugdbescherming Noord"),
    ("trainee", "trainee – traineeship IJsselland (Jeugdbescherming Overijssel)"),
    ("coordinator", "HR advisor and traineeship coordinator – the three IJsselland partners"),
    ("admin", "functional admin – all demo organisations"),
]
