"""Shared test settings: hypothesis profiles (``ci`` by default, ``slow`` for fuzzing at scale)."""

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def smoke_records():
    """The whole smoke profile, run once per test session (in-process, root seed 0)."""
    from commbounds import verify

    return verify.run("smoke", executor="inprocess", progress=False)

#: the plugin module is imported by its own tests in a subprocess, never collected here
collect_ignore = ["data"]
