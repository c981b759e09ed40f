"""Simulation: protocols, negotiator strategies, staged processes, tournaments."""

__all__: list[str] = []
