"""Validation: SHACL, Data Cube constraints, reasoner."""
