"""The council's views, one module per noun; council/app_urls.py routes to them."""
