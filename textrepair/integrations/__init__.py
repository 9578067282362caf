"""Integrations with corpus-processing frameworks (each needs its extra installed)."""
