"""followthrough: everything a job seeker should do after an interview, on time and well."""

__version__ = "0.1.0"
