"""The council's views, one module per noun; council/app_urls.py routes to them."""

# Used by hubs until merge (hubs/proposal_views.py).
from council.until_merge import list_page  # noqa: F401
