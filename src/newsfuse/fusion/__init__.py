"""Fusion stages: align, derive, verify, synthesize (one module each)."""
