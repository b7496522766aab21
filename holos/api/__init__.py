"""The REST API (``/api/v1/``): personal access tokens and the resources they reach."""
