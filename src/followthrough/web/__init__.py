"""The local web UI: ``followthrough serve`` opens it on this computer."""

from followthrough.web.app import create_app

__all__ = ["create_app"]
