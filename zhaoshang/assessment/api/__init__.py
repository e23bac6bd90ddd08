"""The REST API of this app (routed in zhaoshang/api_urls.py)."""
