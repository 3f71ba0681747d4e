from django.apps import AppConfig


class PerfConfig(AppConfig):
    """bench, seed_scale and load: development only, installed when DEBUG, TESTING or
    PERF_TOOLS=1 (config/settings.py), never in production."""

    name = "perf"
