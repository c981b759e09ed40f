"""The version of accord."""

__all__ = ["__version__"]

__version__ = "0.1.0"
