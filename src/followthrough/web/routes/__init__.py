"""The web UI's routes, one module per area; each is a thin shell over the library."""
