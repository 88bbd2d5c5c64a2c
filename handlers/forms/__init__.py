"""Conversational forms: each form declares its steps in one place (see `update.py`)."""
