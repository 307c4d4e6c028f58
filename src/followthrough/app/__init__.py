"""The application core: every use case the command line and the web UI offer,
written once. Both faces build one :class:`~followthrough.app.core.Core` and call it."""
