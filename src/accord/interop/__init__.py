"""Bridges to other negotiation libraries, each imported only when asked for.

- :mod:`accord.interop.negmas`: scenarios to NegMAS objects and back, for
  NegMAS's negotiating agents. NegMAS is AGPL-licensed: accord does not depend
  on it, ship it or copy its code; install it yourself (``pip install negmas``).
"""

__all__: list[str] = []
