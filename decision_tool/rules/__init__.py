"""The rules format coming in: models, conditions, safe YAML reading, loading with cross-checks, the catalog of
rule sets and worked scenarios as data. Nothing here scores."""
