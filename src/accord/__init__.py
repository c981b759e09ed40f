"""accord: model a real multi-party negotiation."""

__version__ = "0.1.0"
