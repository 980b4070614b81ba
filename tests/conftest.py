import os

from hypothesis import HealthCheck, settings

# `HYPOTHESIS_PROFILE=long make test` runs a long fuzzing campaign; the default stays quick.
settings.register_profile("default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
