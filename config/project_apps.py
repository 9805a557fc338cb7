"""The project's own apps, in the order data flows through them.

Settings install them in this order, seed_demo seeds them in this order, and the
beat schedule is collected from them.
"""

PROJECT_APPS = [
    "organisations",
    "notifications",
    "intake",
    "mentoring",
    "training",
    "traineeship",
    "support",
    "dashboards",
]
