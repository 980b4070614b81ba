"""Exercises: the check engine and the questions of each sheet, answers computed from calc + data."""
