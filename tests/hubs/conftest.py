"""The hub's test data lives in tests/conftest.py (the permission matrix walks the hub too)."""

from tests.conftest import Hub, make_plans

__all__ = ["Hub", "make_plans"]
