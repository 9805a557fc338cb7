"""The load test's users: every demo role logs in through the real login page (CSRF,
axes) and opens the pages of its role. `bench/load.py` writes the page list (URLs
resolved against the large dataset) to the file in BENCH_LOAD_PAGES and starts locust.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PAGES = json.loads(open(os.environ["BENCH_LOAD_PAGES"]).read())  # noqa: SIM115
PASSWORD = os.environ["BENCH_LOAD_PASSWORD"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Users take turns over the roles, so every role is active at the same time.
ROLES = itertools.cycle(sorted(PAGES))


class RoleUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.username = next(ROLES)
        self.urls = PAGES[self.username]
        page = self.client.get("/accounts/login/", name="login page")
        token = TOKEN.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login {self.username}: {response.status_code}")

    @task
    def open_page(self):
        name, url = random.choice(self.urls)  # noqa: S311 - a load mix, not security
        with self.client.get(
            url, name=f"{self.username}: {name}", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
